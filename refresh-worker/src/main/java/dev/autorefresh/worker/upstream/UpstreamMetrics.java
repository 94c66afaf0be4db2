package dev.autorefresh.worker.upstream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Upstream calls of this replica: how many are in flight ({@code autorefresh.worker.upstream.inflight}) and how
 * long each took by HTTP status ({@code autorefresh.worker.upstream.latency}, status {@code none} when no response
 * arrived). Status codes are the only tag: never an account or an endpoint.
 */
@Component
class UpstreamMetrics {

    static final String IN_FLIGHT = "autorefresh.worker.upstream.inflight";
    static final String LATENCY = "autorefresh.worker.upstream.latency";
    static final String NO_RESPONSE = "none";

    private final MeterRegistry meters;
    private final AtomicInteger inFlight = new AtomicInteger();

    UpstreamMetrics(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Dummy messages sent upstream and not yet answered")
                .register(meters);
    }

    /** Marks a call as started; the returned handle ends it exactly once. */
    Call start() {
        inFlight.incrementAndGet();
        return new Call(System.nanoTime());
    }

    final class Call {

        private final long started;
        private boolean ended;

        private Call(long started) {
            this.started = started;
        }

        /** @param status the response's HTTP status, or null when none arrived (network error, timeout) */
        void end(Integer status) {
            if (ended) {
                return;
            }
            ended = true;
            inFlight.decrementAndGet();
            Timer.builder(LATENCY)
                    .description("Upstream dummy message calls, from send to complete response, by HTTP status")
                    .tag("status", status == null ? NO_RESPONSE : Integer.toString(status))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(5))
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(meters)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
