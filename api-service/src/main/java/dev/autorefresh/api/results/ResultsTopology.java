package dev.autorefresh.api.results;

import dev.autorefresh.events.Topology;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The api-service consumes results, so it declares their queue, its parking lot and the bindings. */
@Configuration(proxyBeanMethods = false)
class ResultsTopology {

    /**
     * Results are consumed in batches (spring.rabbitmq.listener.simple.consumer-batch-enabled): a consumer takes what
     * has arrived, up to the batch size, and waits at most this long for the next result before it applies what it
     * has, so a lone result is applied at once and a burst in batches.
     */
    static final long BATCH_RECEIVE_TIMEOUT_MILLIS = 5;

    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> resultsBatches() {
        return container -> container.setReceiveTimeout(BATCH_RECEIVE_TIMEOUT_MILLIS);
    }

    @Bean
    Declarables resultsDeclarables() {
        var events = new TopicExchange(Topology.EXCHANGE, true, false);
        var deadLetters = new DirectExchange(Topology.DEAD_LETTER_EXCHANGE, true, false);
        Queue results = QueueBuilder.durable(Topology.RESULTS_QUEUE)
                .quorum()
                .deliveryLimit(Topology.DELIVERY_LIMIT)
                .deadLetterExchange(Topology.DEAD_LETTER_EXCHANGE)
                .deadLetterRoutingKey(Topology.RESULTS_PARKING_LOT)
                .build();
        Queue parkingLot = QueueBuilder.durable(Topology.RESULTS_PARKING_LOT).quorum().build();
        return new Declarables(events, deadLetters, results, parkingLot,
                BindingBuilder.bind(results).to(events).with(Topology.WINDOW_UPDATED),
                BindingBuilder.bind(results).to(events).with(Topology.REFRESH_FAILED),
                BindingBuilder.bind(parkingLot).to(deadLetters).with(Topology.RESULTS_PARKING_LOT));
    }
}
