package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of which window was dispatched when. Every statement is its own short transaction and reads the
 * database clock, so replicas (and a replica racing without its lock) agree on what is due and leased.
 */
@Repository
class DispatchLedger {

    /*
     * One statement claims a batch: due candidates without an unexpired lease for their due_at are inserted, or,
     * when their lease has expired, taken over with attempt + 1 and a new refresh_id. A replica that selected the
     * same candidates concurrently waits on the first one's row, then finds its lease unexpired: the WHERE of
     * DO UPDATE skips it and RETURNING leaves it out, so a window is claimed once.
     * Ties on next_refresh_at are broken by id, so racing claims take row locks in one order.
     */
    private static final String CLAIM = """
            WITH due AS (
                SELECT c.id, c.name, c.rate_limit_reset, c.next_refresh_at
                FROM api.refresh_candidate c
                WHERE c.next_refresh_at <= now()
                  AND NOT EXISTS (
                      SELECT 1 FROM scheduler.dispatch l
                      WHERE l.account_id = c.id AND l.due_at = c.next_refresh_at AND l.lease_until > now())
                ORDER BY c.next_refresh_at, c.id
                LIMIT :batchSize
            ), claimed AS (
                INSERT INTO scheduler.dispatch AS d (account_id, due_at, refresh_id, attempt, dispatched_at, lease_until)
                SELECT id, next_refresh_at, gen_random_uuid(), 1, now(), now() + make_interval(secs => :leaseSeconds)
                FROM due
                ON CONFLICT (account_id, due_at) DO UPDATE
                    SET refresh_id = EXCLUDED.refresh_id,
                        attempt = d.attempt + 1,
                        dispatched_at = EXCLUDED.dispatched_at,
                        lease_until = EXCLUDED.lease_until
                    WHERE d.lease_until <= now()
                RETURNING d.account_id, d.due_at, d.refresh_id, d.attempt, d.dispatched_at
            )
            SELECT claimed.refresh_id, claimed.account_id, due.name, due.rate_limit_reset, claimed.attempt,
                   claimed.due_at, claimed.dispatched_at
            FROM claimed JOIN due ON due.id = claimed.account_id
            ORDER BY claimed.due_at, claimed.account_id
            """;

    private static final String EXPIRE_LEASES = """
            UPDATE scheduler.dispatch SET lease_until = now()
            WHERE refresh_id IN (:refreshIds) AND lease_until > now()
            """;

    private static final String PURGE = """
            DELETE FROM scheduler.dispatch
            WHERE (account_id, due_at) IN (
                SELECT account_id, due_at FROM scheduler.dispatch
                WHERE dispatched_at < now() - make_interval(secs => :retentionSeconds)
                  AND lease_until <= now()
                ORDER BY dispatched_at
                LIMIT :limit)
            """;

    // The claim's own notion of due: eligible, due by now, and not under an unexpired lease. The view's partial
    // index (account_due_idx) serves the range; the lease check is a primary-key lookup per due row.
    private static final String COUNT_DUE = """
            SELECT count(*) FROM api.refresh_candidate c
            WHERE c.next_refresh_at <= now()
              AND NOT EXISTS (
                  SELECT 1 FROM scheduler.dispatch l
                  WHERE l.account_id = c.id AND l.due_at = c.next_refresh_at AND l.lease_until > now())
            """;

    private final JdbcClient jdbc;

    DispatchLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims up to {@code batchSize} due windows, each leased for {@code lease}, and commits at once. */
    List<RefreshDue> claimDue(int batchSize, Duration lease) {
        return jdbc.sql(CLAIM)
                .param("batchSize", batchSize)
                .param("leaseSeconds", seconds(lease))
                .query(DispatchLedger::refreshDue)
                .list();
    }

    /** Windows due now and not leased: what the next claim would take, without its batch limit. */
    long countDue() {
        return jdbc.sql(COUNT_DUE).query(Long.class).single();
    }

    /** Ends the lease of dispatches whose publish failed, so the next tick dispatches their windows again. */
    int expireLeases(Collection<UUID> refreshIds) {
        if (refreshIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql(EXPIRE_LEASES).param("refreshIds", refreshIds).update();
    }

    /** Deletes at most {@code limit} rows dispatched longer than {@code retention} ago. */
    int purgeDispatchedBefore(Duration retention, int limit) {
        return jdbc.sql(PURGE)
                .param("retentionSeconds", seconds(retention))
                .param("limit", limit)
                .update();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }

    private static RefreshDue refreshDue(ResultSet row, int rowNumber) throws SQLException {
        return new RefreshDue(
                row.getObject("refresh_id", UUID.class),
                row.getObject("account_id", UUID.class),
                row.getString("name"),
                instant(row, "rate_limit_reset"),
                row.getInt("attempt"),
                instant(row, "due_at"),
                instant(row, "dispatched_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
