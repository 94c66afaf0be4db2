package dev.autorefresh.scheduler.dispatch;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test queue bound to {@code refresh.due}, standing in for the workers' queue. A broker confirm means the
 * message sits in every queue it was routed to, so once the dispatcher has returned, {@link #drain()} sees all of it.
 */
final class RefreshDueQueue implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private final String name = "scheduler-test.refresh-due." + UUID.randomUUID();
    private final Map<String, Object> arguments;
    private AmqpAdmin admin;
    private RabbitTemplate rabbit;
    private JsonMapper json;

    private RefreshDueQueue(Map<String, Object> arguments) {
        this.arguments = arguments;
    }

    static RefreshDueQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        return new RefreshDueQueue(Map.of()).declare(admin, rabbit, json);
    }

    /** A queue that refuses every message: the broker nacks what is routed to it. */
    static RefreshDueQueue bindRefusing(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        return new RefreshDueQueue(Map.of("x-max-length", 0, "x-overflow", "reject-publish"))
                .declare(admin, rabbit, json);
    }

    /** For {@code @RegisterExtension}: bound before each test with the test context's beans, deleted after it. */
    static RefreshDueQueue eachTest() {
        return new RefreshDueQueue(Map.of());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ApplicationContext spring = SpringExtension.getApplicationContext(context);
        declare(spring.getBean(AmqpAdmin.class), spring.getBean(RabbitTemplate.class),
                spring.getBean(JsonMapper.class));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    private RefreshDueQueue declare(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.json = json;
        TopicExchange exchange = new TopicExchange(Topology.EXCHANGE, true, false);
        Queue queue = QueueBuilder.nonDurable(name).withArguments(arguments).build();
        admin.declareExchange(exchange);
        admin.declareQueue(queue);
        Binding binding = BindingBuilder.bind(queue).to(exchange).with(Topology.REFRESH_DUE);
        admin.declareBinding(binding);
        return this;
    }

    /** Takes every message now in the queue. */
    List<Delivery> drain() {
        return rabbit.execute(channel -> {
            var deliveries = new ArrayList<Delivery>();
            GetResponse response;
            while ((response = channel.basicGet(name, true)) != null) {
                deliveries.add(new Delivery(json.readValue(response.getBody(), RefreshDue.class),
                        response.getEnvelope().getExchange(), response.getEnvelope().getRoutingKey(),
                        response.getProps(), new String(response.getBody(), StandardCharsets.UTF_8)));
            }
            return deliveries;
        });
    }

    /** Takes messages until at least {@code expected} arrived, then whatever else is queued. */
    List<Delivery> awaitAtLeast(int expected) {
        var deliveries = new ArrayList<Delivery>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            deliveries.addAll(drain());
            return deliveries.size() >= expected;
        });
        deliveries.addAll(drain());
        return deliveries;
    }

    @Override
    public void close() {
        admin.deleteQueue(name);
    }

    record Delivery(RefreshDue event, String exchange, String routingKey, AMQP.BasicProperties properties,
                    String body) {
    }
}
