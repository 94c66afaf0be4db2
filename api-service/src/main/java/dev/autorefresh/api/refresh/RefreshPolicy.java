package dev.autorefresh.api.refresh;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How results turn into the next refresh time (DESIGN.md, failure policy).
 *
 * @param grace                 added to a window reset before it is due, against clock skew
 * @param estimatedWindow       assumed window length when a 2xx response carried no reset header
 * @param backoff               retry delays after consecutive failures; the last one repeats
 * @param failureThreshold      consecutive failures after which auto-refresh pauses ({@code failure_threshold})
 * @param probeInterval         how often an account paused by the threshold is probed
 * @param unmovedRetryDelay     retry delay when a 2xx came back before the window had rolled
 * @param maxUnmovedRetries     how many such short retries before it counts as a failure
 * @param rateLimitedFallback   wait after a 429/529 that named no reset and no Retry-After
 */
@ConfigurationProperties("autorefresh.refresh")
public record RefreshPolicy(
        @DefaultValue("1s") Duration grace,
        @DefaultValue("5h") Duration estimatedWindow,
        @DefaultValue({"1m", "5m", "10m", "30m", "1h"}) List<Duration> backoff,
        @DefaultValue("5") int failureThreshold,
        @DefaultValue("10m") Duration probeInterval,
        @DefaultValue("5s") Duration unmovedRetryDelay,
        @DefaultValue("3") int maxUnmovedRetries,
        @DefaultValue("1m") Duration rateLimitedFallback) {

    public RefreshPolicy {
        if (backoff == null || backoff.isEmpty()) {
            throw new IllegalArgumentException("autorefresh.refresh.backoff needs at least one delay");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("autorefresh.refresh.failure-threshold must be at least 1");
        }
        backoff = List.copyOf(backoff);
    }

    public static RefreshPolicy defaults() {
        return new RefreshPolicy(Duration.ofSeconds(1), Duration.ofHours(5),
                List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
                        Duration.ofHours(1)),
                5, Duration.ofMinutes(10), Duration.ofSeconds(5), 3, Duration.ofMinutes(1));
    }

    /** The delay after the n-th failure in a row (1-based). */
    public Duration backoffAfter(int consecutiveFailures) {
        int index = Math.min(Math.max(consecutiveFailures, 1), backoff.size()) - 1;
        return backoff.get(index);
    }
}
