package dev.autorefresh.api.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes refresh attempts (with the claims answered in flight and the notifications settled, which follow their
 * retention) and audit entries older than their retention, at most {@code batch-size} rows per
 * statement, each statement its own transaction, until a statement deletes fewer. Every api-service replica runs it:
 * the rows a replica is deleting are skipped by the others ({@code SKIP LOCKED}), and deleting what is already gone
 * deletes nothing, so no lock is needed.
 * <p>
 * No account state reads old attempts: the account row holds its window, claim and failure count. The one reader is
 * the duplicate check by refresh id, which {@link RetentionSettings}'s floor protects.
 */
@Component
class HistoryPurge {

    private static final Logger log = LoggerFactory.getLogger(HistoryPurge.class);

    // Both columns are indexed (refresh_attempt_recorded_idx, account_audit_at_idx).
    private static final String PURGE_ATTEMPTS = """
            DELETE FROM api.refresh_attempt WHERE id IN (
                SELECT id FROM api.refresh_attempt WHERE recorded_at < ? ORDER BY recorded_at
                LIMIT ? FOR UPDATE SKIP LOCKED)""";
    private static final String PURGE_AUDIT = """
            DELETE FROM api.account_audit WHERE id IN (
                SELECT id FROM api.account_audit WHERE at < ? ORDER BY at
                LIMIT ? FOR UPDATE SKIP LOCKED)""";

    // Claims answered in flight (what the cost figures count as saved) follow the refresh attempts' retention.
    private static final String PURGE_AVOIDED = """
            DELETE FROM api.refresh_avoided WHERE id IN (
                SELECT id FROM api.refresh_avoided WHERE at < ? ORDER BY at
                LIMIT ? FOR UPDATE SKIP LOCKED)""";
    // Notifications delivered or given up are history too; pending ones are never purged.
    private static final String PURGE_NOTIFICATIONS = """
            DELETE FROM api.notification_outbox WHERE id IN (
                SELECT id FROM api.notification_outbox
                WHERE coalesce(delivered_at, gave_up_at) < ? ORDER BY occurred_at
                LIMIT ? FOR UPDATE SKIP LOCKED)""";

    private final JdbcTemplate jdbc;
    private final RetentionSettings settings;
    private final Clock clock;

    HistoryPurge(JdbcTemplate jdbc, RetentionSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "#{" + RetentionSettings.BEAN + ".interval()}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next run tries again; history a little longer than configured harms nothing.
            log.warn("History purge failed; retrying in {}: {}", settings.interval(), e.getClass().getSimpleName());
        }
    }

    /** One purge of both tables; returns the rows deleted. */
    Purged purge() {
        Instant now = clock.instant();
        long attempts = deleteInBatches(PURGE_ATTEMPTS, settings.refreshAttemptsSince(now));
        deleteInBatches(PURGE_AVOIDED, settings.refreshAttemptsSince(now));
        deleteInBatches(PURGE_NOTIFICATIONS, settings.refreshAttemptsSince(now));
        long audit = deleteInBatches(PURGE_AUDIT, settings.auditSince(now));
        if (attempts > 0 || audit > 0) {
            log.info("Purged {} refresh attempt(s) older than {} and {} audit entr(y/ies) older than {}", attempts,
                    settings.refreshAttempts(), audit, settings.audit());
        }
        return new Purged(attempts, audit);
    }

    private long deleteInBatches(String statement, Instant before) {
        Timestamp cutoff = Timestamp.from(before);
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.update(statement, cutoff, settings.batchSize());
            total += deleted;
        } while (deleted == settings.batchSize());
        return total;
    }

    record Purged(long refreshAttempts, long auditEntries) {
    }
}
