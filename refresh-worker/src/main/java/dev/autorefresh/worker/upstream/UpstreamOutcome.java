package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.FailureKind;
import java.time.Instant;
import java.util.Objects;

/** What one dummy message achieved, before it becomes an event. */
public sealed interface UpstreamOutcome {

    /**
     * A 2xx: the new window started.
     *
     * @param newResetAt null when the response carried no reset header
     */
    record WindowStarted(Instant newResetAt, String rateLimitStatus, Integer rateLimitRemaining, int httpStatus,
            String model, Instant sentAt, long latencyMs) implements UpstreamOutcome {
    }

    /**
     * No new window.
     *
     * @param httpStatus null when no response arrived or no call was made
     * @param reason     status line or short cause, safe to log and publish
     * @param retryAfter for {@link FailureKind#RATE_LIMITED}, when upstream allows the next try, else null
     */
    record Failed(FailureKind kind, Integer httpStatus, String reason, Instant retryAfter, Instant sentAt)
            implements UpstreamOutcome {

        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
