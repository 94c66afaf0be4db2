package dev.autorefresh.worker.messaging;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.VirtualThreadTaskExecutor;

@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {

    /**
     * Each consumer blocks on its refresh's HTTP calls; on a virtual thread that costs next to nothing, so one
     * replica can hold {@code concurrency} refreshes in flight. Acknowledgement is manual: a delivery is settled
     * only after its result is confirmed.
     */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
            ConsumerSettings settings) {
        if (connectionFactory instanceof CachingConnectionFactory cache
                && cache.getChannelCacheSize() < settings.concurrency()) {
            // Every refresh in flight publishes its result on a channel of its own, which the cache gets back only
            // once the broker confirmed. With fewer cached channels than consumers (Spring's default is 25) a burst
            // closed and reopened a channel every few results, at a cost to this service and to the broker.
            cache.setChannelCacheSize(settings.concurrency());
        }
        var factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        factory.setConcurrentConsumers(settings.concurrency());
        factory.setMaxConcurrentConsumers(settings.concurrency());
        factory.setPrefetchCount(settings.prefetch());
        factory.setTaskExecutor(new VirtualThreadTaskExecutor("refresh-due-"));
        factory.setDefaultRequeueRejected(false);
        factory.setContainerCustomizer(container -> {
            container.setShutdownTimeout(settings.shutdownTimeout().toMillis());
            // Observation (spring.rabbitmq.listener.simple.observation-enabled) continues the trace of the RefreshDue.
            container.setObservationConvention(ListenerTimings.INSTANCE);
        });
        return factory;
    }
}
