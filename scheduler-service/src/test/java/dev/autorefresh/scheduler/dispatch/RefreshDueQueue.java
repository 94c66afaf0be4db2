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
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A test queue bound to {@code refresh.due}, standing in for the workers' queue. A broker confirm means the
 * message sits in every queue it was routed to, so once the dispatcher has returned, {@link #drain()} sees all of it.
 */
final class RefreshDueQueue implements AutoCloseable {

    private final String name = "scheduler-test.refresh-due." + UUID.randomUUID();
    private final AmqpAdmin admin;
    private final RabbitTemplate rabbit;
    private final JsonMapper json;

    private RefreshDueQueue(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json, Map<String, Object> arguments) {
        this.admin = admin;
        this.rabbit = rabbit;
        this.json = json;
        TopicExchange exchange = new TopicExchange(Topology.EXCHANGE, true, false);
        Queue queue = QueueBuilder.nonDurable(name).withArguments(arguments).build();
        admin.declareExchange(exchange);
        admin.declareQueue(queue);
        Binding binding = BindingBuilder.bind(queue).to(exchange).with(Topology.REFRESH_DUE);
        admin.declareBinding(binding);
    }

    static RefreshDueQueue bind(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        return new RefreshDueQueue(admin, rabbit, json, Map.of());
    }

    /** A queue that refuses every message: the broker nacks what is routed to it. */
    static RefreshDueQueue bindRefusing(AmqpAdmin admin, RabbitTemplate rabbit, JsonMapper json) {
        return new RefreshDueQueue(admin, rabbit, json, Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
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
