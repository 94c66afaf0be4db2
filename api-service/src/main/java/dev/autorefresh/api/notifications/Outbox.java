package dev.autorefresh.api.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The notification outbox (rows written by the database in the account change's own transaction). Taking rows
 * moves their next attempt past a lease and counts the attempt, in one statement that skips rows another sender
 * holds: several api-service replicas never deliver one row at once, and a sender that dies mid-delivery leaves the
 * row to be taken again when the lease ends. An account's notifications reach a webhook in the order they happened:
 * a row waits while an earlier one of the same account and webhook is neither delivered nor given up.
 */
@Repository
class Outbox {

    private static final String TAKE = """
            UPDATE api.notification_outbox o
            SET attempts = o.attempts + 1, next_attempt_at = now() + CAST(:lease AS interval)
            WHERE o.id IN (SELECT id FROM api.notification_outbox
                           WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
                             -- In order per account and webhook: "recovered" never overtakes the alarm it ends.
                             AND NOT EXISTS (SELECT 1 FROM api.notification_outbox earlier
                                             WHERE earlier.webhook_id = notification_outbox.webhook_id
                                               AND earlier.account_id = notification_outbox.account_id
                                               AND earlier.id < notification_outbox.id
                                               AND earlier.delivered_at IS NULL AND earlier.gave_up_at IS NULL)
                           ORDER BY next_attempt_at
                           LIMIT :limit
                           FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.event_id, o.webhook_id, o.account_id, o.account_name, o.state, o.previous_state, o.reason,
                      o.occurred_at, o.attempts
            """;

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Pending(long id, UUID webhookId, Notification notification, int attempts) {
    }

    /** Takes up to {@code limit} due rows for {@code lease}; committed at once (its own statement). */
    List<Pending> take(int limit, Duration lease) {
        return jdbc.sql(TAKE)
                .param("lease", lease.toMillis() + " milliseconds")
                .param("limit", limit)
                .query((row, n) -> pending(row))
                .list();
    }

    void delivered(long id) {
        jdbc.sql("UPDATE api.notification_outbox SET delivered_at = now(), last_error = NULL WHERE id = ?")
                .param(id).update();
    }

    void retryLater(long id, Duration wait, String error) {
        jdbc.sql("UPDATE api.notification_outbox SET next_attempt_at = now() + CAST(? AS interval), last_error = ? "
                        + "WHERE id = ?")
                .params(wait.toMillis() + " milliseconds", truncate(error), id).update();
    }

    void giveUp(long id, String error) {
        jdbc.sql("UPDATE api.notification_outbox SET gave_up_at = now(), last_error = ? WHERE id = ?")
                .params(truncate(error), id).update();
    }

    private static Pending pending(ResultSet row) throws SQLException {
        return new Pending(row.getLong("id"), row.getObject("webhook_id", UUID.class), new Notification(
                row.getObject("event_id", UUID.class), row.getObject("account_id", UUID.class),
                row.getString("account_name"), row.getString("state"), row.getString("previous_state"),
                row.getString("reason"), row.getObject("occurred_at", OffsetDateTime.class).toInstant()),
                row.getInt("attempts"));
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 300 ? error : error.substring(0, 300);
    }
}
