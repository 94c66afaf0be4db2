package dev.autorefresh.api.retention;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long history is kept. Older rows are deleted by {@link HistoryPurge}, a bounded batch per statement.
 *
 * @param refreshAttempts refresh attempts recorded longer ago than this are deleted; at least
 *                        {@link #REFRESH_ATTEMPTS_FLOOR}: a refresh's attempt row is also how a late duplicate
 *                        RefreshDue is recognised ({@code ALREADY_REFRESHED}), so it must outlive every copy of
 *                        that message (the scheduler keeps its dispatch ledger 24 h, a redelivery comes within
 *                        minutes)
 * @param audit           audit entries older than this are deleted; at least a day
 * @param batchSize       rows deleted per statement, so no purge holds locks or a transaction for long
 * @param interval        time between purges; the first runs a minute after start
 */
@ConfigurationProperties("autorefresh.api.retention")
public record RetentionSettings(
        @DefaultValue("30d") Duration refreshAttempts,
        @DefaultValue("365d") Duration audit,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("1h") Duration interval) {

    static final Duration REFRESH_ATTEMPTS_FLOOR = Duration.ofDays(7);
    static final Duration AUDIT_FLOOR = Duration.ofDays(1);
    static final int MAX_BATCH_SIZE = 10_000;

    /** The bean of this record as a SpEL reference, for {@code @Scheduled}: the defaults stay in this one place. */
    static final String BEAN = "@'autorefresh.api.retention-dev.autorefresh.api.retention.RetentionSettings'";

    public RetentionSettings {
        if (refreshAttempts == null || refreshAttempts.compareTo(REFRESH_ATTEMPTS_FLOOR) < 0) {
            throw new IllegalArgumentException("autorefresh.api.retention.refresh-attempts (env "
                    + "AUTOREFRESH_RETENTION_REFRESH_ATTEMPTS) must be at least " + REFRESH_ATTEMPTS_FLOOR.toDays()
                    + " days, was " + refreshAttempts + ": a refresh's record is how a late duplicate of its "
                    + "RefreshDue is recognised, so it must outlive every copy of that message");
        }
        if (audit == null || audit.compareTo(AUDIT_FLOOR) < 0) {
            throw new IllegalArgumentException("autorefresh.api.retention.audit (env AUTOREFRESH_RETENTION_AUDIT) must be "
                    + "at least 1 day, was " + audit);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("autorefresh.api.retention.batch-size must be between 1 and "
                    + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (interval == null || !interval.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.retention.interval must be positive, was " + interval);
        }
    }

    /** The oldest refresh attempt still kept at {@code now}. */
    public Instant refreshAttemptsSince(Instant now) {
        return now.minus(refreshAttempts);
    }

    /** The oldest audit entry still kept at {@code now}. */
    public Instant auditSince(Instant now) {
        return now.minus(audit);
    }
}
