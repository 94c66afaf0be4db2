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
 * @param inputTokens     the answer's {@code usage.input_tokens}: what the dummy message cost; null when no message
 *                        was sent, the answer did not say, or the producer is older
 * @param outputTokens    the answer's {@code usage.output_tokens}; null as for {@code inputTokens}
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
        UsageCheck usageCheck,
        Integer inputTokens,
        Integer outputTokens) {

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
        if ((inputTokens != null && inputTokens < 0) || (outputTokens != null && outputTokens < 0)) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    /** A result without token counts, as producers wrote it before they carried the cost. */
    public WindowUpdated(UUID refreshId, UUID accountId, Instant previousResetAt, Instant newResetAt,
            String rateLimitStatus, Integer rateLimitRemaining, int httpStatus, String model, Instant sentAt,
            long latencyMs, String workerId, WindowSource source, UsageCheck usageCheck) {
        this(refreshId, accountId, previousResetAt, newResetAt, rateLimitStatus, rateLimitRemaining, httpStatus, model,
                sentAt, latencyMs, workerId, source, usageCheck, null, null);
    }

    /** Whether a paid message went out for this result (every source except the usage check). */
    public boolean messageSent() {
        return source != WindowSource.USAGE_CHECK;
    }
}
