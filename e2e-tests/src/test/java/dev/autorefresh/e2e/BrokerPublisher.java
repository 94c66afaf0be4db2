package dev.autorefresh.e2e;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.autorefresh.events.Topology;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test's own connection to the running system's broker, as a static {@code @RegisterExtension}: opened before
 * the class (publisher confirms on), closed after it. It publishes events as the services do and reads queue depths.
 */
final class BrokerPublisher implements BeforeAllCallback, AfterAllCallback {

    private final JsonMapper json = JsonMapper.builder().build();
    private Connection connection;
    private Channel channel;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        connection = RunningSystem.get().brokerConnection();
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (connection != null) {
            connection.close();
        }
    }

    /** Publishes the event as JSON, persistent and mandatory, and waits for the broker's confirm. */
    void publish(String type, String routingKey, Object event) throws Exception {
        publishRaw(type, routingKey, json.writeValueAsString(event));
    }

    void publishRaw(String type, String routingKey, String body) throws Exception {
        var properties = new AMQP.BasicProperties.Builder().type(type).contentType("application/json")
                .deliveryMode(2).messageId(UUID.randomUUID().toString()).build();
        channel.basicPublish(Topology.EXCHANGE, routingKey, true, properties, body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    long depth(String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }
}
