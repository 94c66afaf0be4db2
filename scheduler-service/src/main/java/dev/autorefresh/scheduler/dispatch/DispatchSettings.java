package dev.autorefresh.scheduler.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the scheduler finds and dispatches due windows ({@code autorefresh.scheduler.*}).
 *
 * @param tickInterval    pause between two ticks; a window must be refreshed within about 2 s of its reset and
 *                        next_refresh_at already includes a 1 s grace, hence half a second
 * @param lease           how long a dispatched window waits for the api-service to move next_refresh_at before
 *                        the same window is dispatched again
 * @param batchSize       windows claimed, and published, per batch; bounds memory and transaction length
 * @param tickBudget      a tick claims no further batch once this is spent
 * @param confirmTimeout  how long a batch waits for its publisher confirms; an unconfirmed publish is retried
 * @param lockAtMostFor   ShedLock: the lock of a crashed replica is released after this
 * @param lockAtLeastFor  ShedLock: a tick holds the lock at least this long, so replicas don't run back to back
 * @param retention       ledger rows dispatched longer ago than this are purged
 */
@ConfigurationProperties("autorefresh.scheduler")
record DispatchSettings(
        @DefaultValue("500ms") Duration tickInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("500") int batchSize,
        @DefaultValue("15s") Duration tickBudget,
        @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("1m") Duration lockAtMostFor,
        @DefaultValue("200ms") Duration lockAtLeastFor,
        @DefaultValue("24h") Duration retention) {

    /**
     * The bean of this record as a SpEL reference, for annotations ({@code @Scheduled}, {@code @SchedulerLock})
     * that take strings: they read the values bound here, so the defaults stay in this one place.
     */
    static final String BEAN = "@'autorefresh.scheduler-dev.autorefresh.scheduler.dispatch.DispatchSettings'";

    DispatchSettings {
        requirePositive("tick-interval", tickInterval);
        requirePositive("lease", lease);
        requirePositive("tick-budget", tickBudget);
        requirePositive("confirm-timeout", confirmTimeout);
        requirePositive("lock-at-most-for", lockAtMostFor);
        requirePositive("retention", retention);
        if (lockAtLeastFor == null || lockAtLeastFor.isNegative()) {
            throw new IllegalArgumentException("autorefresh.scheduler.lock-at-least-for must not be negative");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("autorefresh.scheduler.batch-size must be between 1 and 10000, was " + batchSize);
        }
        // The longest a tick can run: its budget, then the confirms of its last batch.
        Duration longestTick = tickBudget.plus(confirmTimeout);
        // A tick outliving its lock would let a second replica run beside it.
        if (longestTick.compareTo(lockAtMostFor) >= 0) {
            throw new IllegalArgumentException("autorefresh.scheduler.tick-budget + confirm-timeout (" + longestTick
                    + ") must be shorter than lock-at-most-for (" + lockAtMostFor + ")");
        }
        // A lease running out within one tick would let a later batch of the same tick claim the window again.
        if (longestTick.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("autorefresh.scheduler.tick-budget + confirm-timeout (" + longestTick
                    + ") must be shorter than lease (" + lease + ")");
        }
        if (lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("autorefresh.scheduler.lock-at-least-for must not exceed lock-at-most-for");
        }
        // A purged row whose lease still runs would let its window be dispatched again early.
        if (retention.compareTo(lease) <= 0) {
            throw new IllegalArgumentException("autorefresh.scheduler.retention (" + retention
                    + ") must be longer than lease (" + lease + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("autorefresh.scheduler." + name + " must be positive, was " + value);
        }
    }
}
