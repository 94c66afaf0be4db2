package dev.autorefresh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A refresh succeeded: either a dummy message was accepted upstream (2xx), or the free usage check showed a
 * window already open and no message was needed. {@link #source()} says which.
 *
 * @param previousResetAt the expired window's reset, as dispatched (may be null)
 * @param newResetAt      the new window's reset: the unified reset header ({@link WindowSource#MESSAGE}) or the
 *                        usage endpoint's {@code five_hour.resets_at} ({@link WindowSource#USAGE_CHECK}); null for
 *                        {@link WindowSource#ESTIMATED} (the api-service estimates it) and
 *                        {@link WindowSource#NO_WINDOW}
 * @param httpStatus      the message's 2xx status, or for {@link WindowSource#USAGE_CHECK} the usage endpoint's 200
 * @param latencyMs       duration of the upstream call
 * @param source          where the window came from; null from an older producer, read as {@code MESSAGE} when
 *                        {@code newResetAt} is set and {@code NO_WINDOW} otherwise
 * @param usageCheck      what the usage check saw; null from an older producer, read as {@code SKIPPED}
 */
public record WindowUpdated(
        UUID refreshId,
        UUID accountId,
        Instant previousResetAt,
        Instant newResetAt,
        String rateLimitStatus,
        Integer rateLimitRemaining,
        int httpStatus,
        String model,
        Instant sentAt,
        long latencyMs,
        String workerId,
        WindowSource source,
        UsageCheck usageCheck) {

    public WindowUpdated {
        Objects.requireNonNull(refreshId, "refreshId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sentAt, "sentAt");
        if (source == null) {
            source = newResetAt != null ? WindowSource.MESSAGE : WindowSource.NO_WINDOW;
        }
        if (usageCheck == null) {
            usageCheck = UsageCheck.SKIPPED;
        }
        if (httpStatus < 200 || httpStatus > 299) {
            throw new IllegalArgumentException("a window is only updated by a 2xx response, was " + httpStatus);
        }
        if (source == WindowSource.USAGE_CHECK && newResetAt == null) {
            throw new IllegalArgumentException("a usage check only updates a window it saw open");
        }
    }

    /** Whether a paid message went out for this result (every source except the usage check). */
    public boolean messageSent() {
        return source != WindowSource.USAGE_CHECK;
    }
}
