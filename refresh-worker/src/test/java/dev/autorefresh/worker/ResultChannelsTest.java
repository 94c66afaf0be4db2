package dev.autorefresh.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every refresh in flight publishes its result on a channel of its own, and the cache gets that channel back only
 * once the broker confirmed. The cache must keep one per consumer: with Spring's default of 25 and 100 consumers, the
 * benchmark's burst closed and reopened a channel for every few results (a JFR profile counted about 2,000 channel
 * closes per 7,700 refreshes on each worker), at a cost to the worker and to the broker.
 */
class ResultChannelsTest extends WorkerIntegrationTest {

    /** More consumers than Spring's default channel cache. */
    private static final int CONSUMERS = 40;

    @DynamicPropertySource
    static void consumers(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.worker.consumer.concurrency", () -> CONSUMERS);
    }

    @Autowired
    CachingConnectionFactory connectionFactory;

    @Test
    void theChannelCacheKeepsAChannelForEveryConsumer() {
        assertThat(connectionFactory.getChannelCacheSize()).isGreaterThanOrEqualTo(CONSUMERS);
    }
}
