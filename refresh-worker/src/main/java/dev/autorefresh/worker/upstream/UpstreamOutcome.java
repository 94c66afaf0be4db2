package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.WindowSource;
import java.time.Instant;
import java.util.Objects;

/** What one dummy message achieved, before it becomes an event. */
public sealed interface UpstreamOutcome {

    /**
     * A 2xx: the message went out.
     *
     * @param newResetAt the unified reset; null when the response carried none or an unreadable one
     * @param source     {@code MESSAGE}, {@code ESTIMATED} or {@code NO_WINDOW}: what the answer said of the window
     * @param usage      the tokens the answer says the message used
     */
    record WindowStarted(Instant newResetAt, String rateLimitStatus, Integer rateLimitRemaining, int httpStatus,
            String model, Instant sentAt, long latencyMs, WindowSource source, MessageUsage usage)
            implements UpstreamOutcome {

        public WindowStarted {
            usage = usage == null ? MessageUsage.UNKNOWN : usage;
        }

        /** An answer whose cost is not known. */
        public WindowStarted(Instant newResetAt, String rateLimitStatus, Integer rateLimitRemaining, int httpStatus,
                String model, Instant sentAt, long latencyMs, WindowSource source) {
            this(newResetAt, rateLimitStatus, rateLimitRemaining, httpStatus, model, sentAt, latencyMs, source, null);
        }
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
