package dev.autorefresh.api.refresh;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowUpdated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The refresh results the api-service recorded: {@code autorefresh.refreshes{outcome}} and
 * {@code autorefresh.refresh.lag}, the time from a window's reset to the dummy message sent for it. Counted after
 * the result's transaction commits, so a rolled-back or redelivered result is never counted twice. Tags never
 * name an account.
 */
@Component
class RefreshMetrics {

    static final String REFRESHES = "autorefresh.refreshes";
    static final String LAG = "autorefresh.refresh.lag";
    static final String CLAMPED = "autorefresh.refresh.rate.limit.clamped";

    private final MeterRegistry meters;
    private final Timer lag;

    RefreshMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.lag = Timer.builder(LAG)
                .description("From a window's reset to the dummy message sent for it (window updates only)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters);
    }

    /** @param outcome SUCCESS or UNCHANGED, as recorded */
    void recorded(WindowUpdated result, String outcome) {
        Duration late = result.previousResetAt() == null || result.sentAt() == null ? null
                : Duration.between(result.previousResetAt(), result.sentAt());
        afterCommit(() -> {
            count(outcome);
            if (late != null) {
                // A worker clock slightly behind ours can put the call before the reset: that is no lag at all.
                lag.record(late.isNegative() ? Duration.ZERO : late);
            }
        });
    }

    void recorded(RefreshFailed failure, Account.FailureEffect effect) {
        String outcome = switch (effect) {
            case STALE -> "STALE";
            case TAKEN_AS_SENT -> "ASSUMED_SENT";
            default -> failure.kind().name();
        };
        boolean clamped = effect == Account.FailureEffect.WAITING_CLAMPED;
        afterCommit(() -> {
            count(outcome);
            if (clamped) {
                Counter.builder(CLAMPED)
                        .description("429/529 answers whose reset was further ahead than the longest wait; clamped")
                        .register(meters)
                        .increment();
            }
        });
    }

    /** A claim expired without a result and, with no way to verify it, was taken as sent. */
    void takenAsSent() {
        afterCommit(() -> count("ASSUMED_SENT"));
    }

    private void count(String outcome) {
        Counter.builder(REFRESHES)
                .description("Refresh results recorded, by outcome (SUCCESS, UNCHANGED, or the failure kind)")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
