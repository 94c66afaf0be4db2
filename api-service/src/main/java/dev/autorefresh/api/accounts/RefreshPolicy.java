package dev.autorefresh.api.accounts;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How results turn into the next refresh time (docs/guarantees.md and README "Configuration").
 *
 * @param grace                 added to a window reset before it is due, against clock skew
 * @param estimatedWindow       assumed window length when a message went out but its reset header was unreadable,
 *                              or when an expired API-key claim is taken as sent
 * @param backoff               retry delays after consecutive failures; the last one repeats
 * @param failureThreshold      consecutive failures after which auto-refresh pauses ({@code failure_threshold})
 * @param probeInterval         how often an account paused by the threshold is probed; never shorter than the last
 *                              back-off step (the longer of the two is used)
 * @param unmovedRetryDelay     retry delay when a 2xx came back before the window had rolled
 * @param maxUnmovedRetries     how many such short retries before it counts as a failure
 * @param rateLimitedFallback   the floor of every 429/529 wait (at least a minute); when the answer gave no usable
 *                              time (none, zero, in the past) it doubles with each such answer in a row, with jitter
 * @param rateLimitedLongest    the longest wait a 429/529 is given: the floor's growth stops here, and a reset
 *                              further ahead is clamped to it (and flagged in the account's last error)
 * @param unavailableRetryDelay wait after our own side was unavailable (no upstream call); never counts as a failure
 * @param claimLifetime         how long a granted claim shuts out other requests for the same window; must outlast a
 *                              worker's longest ordinary call and stay shorter than the scheduler's lease (2 min), so
 *                              the lease's re-dispatch finds it expired and resolves it (docs/internals.md, "Claims")
 * @param maxMessagesPerHour    claims granted per account in any sliding hour; every paid message needs one, so this
 *                              is the hard bound on paid messages (docs/guarantees.md)
 */
@ConfigurationProperties(RefreshPolicy.PREFIX)
public record RefreshPolicy(
        @DefaultValue("1s") Duration grace,
        @DefaultValue("5h") Duration estimatedWindow,
        @DefaultValue({"1m", "5m", "10m", "30m", "1h"}) List<Duration> backoff,
        @DefaultValue("5") int failureThreshold,
        @DefaultValue("1h") Duration probeInterval,
        @DefaultValue("5s") Duration unmovedRetryDelay,
        @DefaultValue("3") int maxUnmovedRetries,
        @DefaultValue("1m") Duration rateLimitedFallback,
        @DefaultValue("6h") Duration rateLimitedLongest,
        @DefaultValue("1m") Duration unavailableRetryDelay,
        @DefaultValue("90s") Duration claimLifetime,
        @DefaultValue("6") int maxMessagesPerHour) {

    static final String PREFIX = "autorefresh.api.refresh";

    public RefreshPolicy {
        if (backoff == null || backoff.isEmpty()) {
            throw new IllegalArgumentException("autorefresh.api.refresh.backoff needs at least one delay");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("autorefresh.api.refresh.failure-threshold must be at least 1");
        }
        // Not held to a minute here: tests compress the policy to seconds. The default is the floor in production.
        if (rateLimitedFallback == null || !rateLimitedFallback.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.refresh.rate-limited-fallback must be positive");
        }
        if (rateLimitedLongest == null || rateLimitedLongest.compareTo(rateLimitedFallback) < 0) {
            throw new IllegalArgumentException("autorefresh.api.refresh.rate-limited-longest must not be shorter than "
                    + "rate-limited-fallback");
        }
        if (claimLifetime == null || !claimLifetime.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.refresh.claim-lifetime must be positive");
        }
        if (maxMessagesPerHour < 1) {
            throw new IllegalArgumentException("autorefresh.api.refresh.max-messages-per-hour must be at least 1");
        }
        backoff = List.copyOf(backoff);
    }

    /** The policy with every default, as bound from no settings at all: the defaults stay in the annotations. */
    public static RefreshPolicy defaults() {
        return new Binder().bindOrCreate(PREFIX, RefreshPolicy.class);
    }

    /** How often an account paused by the failure threshold is probed: never more often than the back-off allows. */
    public Duration effectiveProbeInterval() {
        Duration lastStep = backoff.getLast();
        return probeInterval.compareTo(lastStep) >= 0 ? probeInterval : lastStep;
    }

    /**
     * The floor of a 429/529 wait after {@code streak} answers in a row that gave no usable time: the fallback,
     * doubled per answer, at most {@link #rateLimitedLongest}, plus up to a quarter of jitter ({@code jitter} in
     * [0, 1)) so accounts limited together do not come back together.
     */
    public Duration rateLimitedFloor(int streak, double jitter) {
        Duration floor = rateLimitedFallback;
        for (int i = 1; i < streak && floor.compareTo(rateLimitedLongest) < 0; i++) {
            floor = floor.multipliedBy(2);
        }
        if (floor.compareTo(rateLimitedLongest) > 0) {
            floor = rateLimitedLongest;
        }
        return floor.plusMillis((long) (floor.toMillis() * 0.25 * Math.clamp(jitter, 0.0, 0.999)));
    }

    /** The delay after the n-th failure in a row (1-based). */
    public Duration backoffAfter(int consecutiveFailures) {
        int index = Math.min(Math.max(consecutiveFailures, 1), backoff.size()) - 1;
        return backoff.get(index);
    }
}
