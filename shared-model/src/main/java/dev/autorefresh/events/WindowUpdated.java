package dev.autorefresh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The dummy message was accepted upstream (2xx) and a new window started.
 *
 * @param previousResetAt the expired window's reset, as dispatched (may be null)
 * @param newResetAt      the reset read from the response headers; null when the response carried none,
 *                        in which case the api-service estimates the window
 * @param latencyMs       duration of the upstream call
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
        String workerId) {

    public WindowUpdated {
        Objects.requireNonNull(refreshId, "refreshId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sentAt, "sentAt");
        if (httpStatus < 200 || httpStatus > 299) {
            throw new IllegalArgumentException("a window is only updated by a 2xx response, was " + httpStatus);
        }
    }
}
