package dev.autorefresh.api.stats;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Read-only aggregates for operators. Each is one statement served by an index: refresh_attempt_recorded_idx for
 * time ranges, account_due_idx (through the refresh_candidate view) for what is due.
 */
@Repository
class StatsQueries {

    private static final String PER_BUCKET = """
            SELECT floor(extract(epoch FROM recorded_at - CAST(:from AS timestamptz)) / :bucketSeconds)::int AS bucket,
                   outcome, count(*) AS refreshes
            FROM api.refresh_attempt
            WHERE recorded_at >= CAST(:from AS timestamptz) AND recorded_at < CAST(:to AS timestamptz)
            GROUP BY 1, 2
            """;

    // previous_reset_at is only recorded for WindowUpdated: the window the dummy message was sent for.
    private static final String LAG = """
            SELECT count(*) AS refreshes,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY lag_ms) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY lag_ms) AS p95,
                   max(lag_ms) AS max
            FROM (SELECT greatest(0, extract(epoch FROM sent_at - previous_reset_at) * 1000) AS lag_ms
                  FROM api.refresh_attempt
                  WHERE recorded_at >= CAST(:since AS timestamptz) AND previous_reset_at IS NOT NULL) lags
            """;

    private static final String DUE = """
            SELECT count(*) AS due, min(next_refresh_at) AS oldest
            FROM api.refresh_candidate
            WHERE next_refresh_at <= CAST(:now AS timestamptz)
            """;

    private static final String ACCOUNT_STATES = """
            SELECT count(*) AS accounts,
                   count(*) FILTER (WHERE auto_refresh_enabled) AS auto_refresh,
                   count(*) FILTER (WHERE paused) AS paused,
                   count(*) FILTER (WHERE paused AND pause_reason = 'failure_threshold') AS paused_by_failures,
                   count(*) FILTER (WHERE requires_reauth) AS requires_reauth,
                   count(*) FILTER (WHERE token_rotation_interrupted OR token_rotation_deadline <= now())
                       AS rotation_interrupted
            FROM api.account
            """;

    private final JdbcClient jdbc;

    StatsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Refreshes recorded in [from, to), counted per bucket of {@code bucket} from {@code from}, and outcome. */
    List<BucketCount> countsPerBucket(Instant from, Instant to, Duration bucket) {
        return jdbc.sql(PER_BUCKET)
                .param("from", utc(from))
                .param("to", utc(to))
                .param("bucketSeconds", bucket.toSeconds())
                .query((row, n) -> new BucketCount(row.getInt("bucket"), row.getString("outcome"),
                        row.getLong("refreshes")))
                .list();
    }

    LagSummary lagSince(Instant since) {
        return jdbc.sql(LAG)
                .param("since", utc(since))
                .query((row, n) -> new LagSummary(row.getLong("refreshes"), millis(row, "p50"), millis(row, "p95"),
                        millis(row, "max")))
                .single();
    }

    Due dueAt(Instant now) {
        return jdbc.sql(DUE)
                .param("now", utc(now))
                .query((row, n) -> new Due(row.getLong("due"), instant(row, "oldest")))
                .single();
    }

    AccountStates accountStates() {
        return jdbc.sql(ACCOUNT_STATES)
                .query((row, n) -> new AccountStates(row.getLong("accounts"), row.getLong("auto_refresh"),
                        row.getLong("paused"), row.getLong("paused_by_failures"), row.getLong("requires_reauth"), row.getLong("rotation_interrupted")))
                .single();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Long millis(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : Math.round(value);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    record BucketCount(int bucket, String outcome, long refreshes) {
    }

    /** Lag in milliseconds from a window's reset to the dummy message sent for it; null when there was none. */
    record LagSummary(long refreshes, Long p50Ms, Long p95Ms, Long maxMs) {
    }

    /** Eligible accounts whose next refresh time has come, and the earliest of those times. */
    record Due(long accounts, Instant oldest) {
    }

    /** @param rotationInterrupted OAuth token rotations that never finished (marked, or past their deadline) */
    record AccountStates(long accounts, long autoRefresh, long paused, long pausedByFailures, long requiresReauth,
            long rotationInterrupted) {
    }
}
