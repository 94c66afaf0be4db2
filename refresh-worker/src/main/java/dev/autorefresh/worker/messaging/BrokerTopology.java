package dev.autorefresh.worker.messaging;

import dev.autorefresh.events.Topology;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker declares what it consumes from (docs/internals.md): its quorum queue, bound to the events exchange,
 * and the parking lot behind it. The exchanges are declared by every service alike, so start order never matters.
 */
@Configuration(proxyBeanMethods = false)
class BrokerTopology {

    @Bean
    Declarables workerTopology() {
        TopicExchange events = ExchangeBuilder.topicExchange(Topology.EXCHANGE).durable(true).build();
        DirectExchange deadLetter = ExchangeBuilder.directExchange(Topology.DEAD_LETTER_EXCHANGE).durable(true).build();
        Queue refreshDue = QueueBuilder.durable(Topology.WORKER_QUEUE)
                .quorum()
                .deliveryLimit(Topology.DELIVERY_LIMIT)
                .deadLetterExchange(Topology.DEAD_LETTER_EXCHANGE)
                .deadLetterRoutingKey(Topology.WORKER_PARKING_LOT)
                .build();
        Queue parkingLot = QueueBuilder.durable(Topology.WORKER_PARKING_LOT).quorum().build();
        return new Declarables(events, deadLetter, refreshDue, parkingLot,
                BindingBuilder.bind(refreshDue).to(events).with(Topology.REFRESH_DUE),
                BindingBuilder.bind(parkingLot).to(deadLetter).with(Topology.WORKER_PARKING_LOT));
    }
}
