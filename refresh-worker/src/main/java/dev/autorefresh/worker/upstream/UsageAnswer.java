package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.UsageCheck;
import java.time.Instant;

/** What the free usage check said about an account's five-hour window. */
public sealed interface UsageAnswer {

    /** Which {@link UsageCheck} value the result event carries. */
    UsageCheck verdict();

    /** No check: an API-key account, or the check is turned off. */
    record Skipped() implements UsageAnswer {
        @Override
        public UsageCheck verdict() {
            return UsageCheck.SKIPPED;
        }
    }

    /**
     * A five-hour window is open and resets after the expired one: no message is needed.
     *
     * @param utilization percent of the window used, as reported (may be null)
     */
    record Open(Instant resetsAt, Double utilization, int httpStatus, Instant checkedAt, long latencyMs)
            implements UsageAnswer {
        @Override
        public UsageCheck verdict() {
            return UsageCheck.OPEN;
        }
    }

    /** No five-hour window open (no reset, a reset in the past, or the expired window itself): send. */
    record NotOpen(int httpStatus, long latencyMs) implements UsageAnswer {
        @Override
        public UsageCheck verdict() {
            return UsageCheck.NOT_OPEN;
        }
    }

    /**
     * The check itself could not tell: send as if there were no check.
     *
     * @param reason      a short tag for metrics: forbidden, not_found, unauthorized, server_error, status,
     *                    timeout, network, unknown_shape, implausible_reset, bad_endpoint
     * @param description safe to log: a status line or a short cause, never a URL, a header or a body
     */
    record Failed(String reason, String description) implements UsageAnswer {
        @Override
        public UsageCheck verdict() {
            return UsageCheck.FAILED;
        }
    }
}
