package dev.autorefresh.worker.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this replica consumes {@code RefreshDue} and publishes results.
 *
 * @param concurrency     consumers on the worker queue, each on its own virtual thread, each holding at most
 *                        {@code prefetch} deliveries: this is how many refreshes one replica has in flight
 * @param prefetch        unacknowledged deliveries per consumer; 1 so that a slow upstream call never hoards
 *                        messages another consumer or replica could take
 * @param confirmTimeout  how long one publish waits for the broker's confirm
 * @param publishPatience how long a result is published again, with growing pauses, before its delivery is
 *                        returned to the queue: long enough to outlast a broker restart, because the result of a
 *                        message already sent is worth waiting for (without it the window is only estimated)
 * @param shutdownTimeout how long a stopping replica lets in-flight refreshes finish
 */
@ConfigurationProperties("autorefresh.worker.consumer")
record ConsumerSettings(
        // 100: the work is waiting on two HTTP calls, which costs a virtual thread almost nothing, while each
        // consumer costs a channel; 100 per replica keeps broker channels and api-service lookups modest and
        // still gives ~100 refreshes/s per replica at 1 s upstream latency. Raise it for hundreds in flight.
        @DefaultValue("100") Integer concurrency,
        @DefaultValue("1") Integer prefetch,
        @DefaultValue("5s") Duration confirmTimeout,
        @DefaultValue("30s") Duration publishPatience,
        @DefaultValue("50s") Duration shutdownTimeout) {

    ConsumerSettings {
        atLeastOne(concurrency, "concurrency");
        atLeastOne(prefetch, "prefetch");
        positive(confirmTimeout, "confirm-timeout");
        positive(publishPatience, "publish-patience");
        positive(shutdownTimeout, "shutdown-timeout");
    }

    private static void atLeastOne(Integer value, String name) {
        if (value == null || value < 1) {
            throw new IllegalArgumentException("autorefresh.worker.consumer." + name + " must be at least 1");
        }
    }

    private static void positive(Duration value, String name) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException("autorefresh.worker.consumer." + name + " must be positive");
        }
    }
}
