package dev.autorefresh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The dummy message could not start a new window.
 *
 * @param windowResetAt the expired window this refresh was for, as dispatched ({@link RefreshDue#windowResetAt()});
 *                      null when the account's window was never seen. A failure for a window that is no longer
 *                      the account's current one is history only and changes no state.
 * @param httpStatus    the upstream status, null when no response arrived (network, timeout) or no call was made
 * @param reason        a human-readable reason, never containing a secret
 * @param retryAfter    when upstream said it may be tried again (Retry-After or a rate-limit reset), else null
 * @param sentAt        when the upstream call was made, or when the worker gave up without one
 */
public record RefreshFailed(
        UUID refreshId,
        UUID accountId,
        Instant windowResetAt,
        FailureKind kind,
        Integer httpStatus,
        String reason,
        Instant retryAfter,
        Instant sentAt,
        String workerId) {

    public RefreshFailed {
        Objects.requireNonNull(refreshId, "refreshId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sentAt, "sentAt");
    }
}
