package dev.autorefresh.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The scheduler decided that an account's window has expired and a dummy message is due.
 *
 * @param refreshId     idempotency key of this refresh, end to end
 * @param windowResetAt the reset of the window that expired; null when the account's window was never seen
 * @param attempt       1 for the first dispatch of this due time, higher when a lease expired without a result
 * @param dueAt         the account's {@code next_refresh_at} that made it due
 */
public record RefreshDue(
        UUID refreshId,
        UUID accountId,
        String accountName,
        Instant windowResetAt,
        int attempt,
        Instant dueAt,
        Instant dispatchedAt) {

    public RefreshDue {
        Objects.requireNonNull(refreshId, "refreshId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }
}
