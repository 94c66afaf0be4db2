package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
     * The statement is claim-due.sql beside this class: the benchmark times that same file.
     */
    private static final String CLAIM = claimStatement();

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

    /** The claim statement, from the file beside this class (parameters {@code :batchSize}, {@code :leaseSeconds}). */
    static String claimStatement() {
        try (InputStream in = DispatchLedger.class.getResourceAsStream("claim-due.sql")) {
            if (in == null) {
                throw new IllegalStateException("claim-due.sql is missing beside DispatchLedger");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
