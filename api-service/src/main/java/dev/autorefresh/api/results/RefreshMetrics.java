package dev.autorefresh.api.results;

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
 * {@code autorefresh.refresh.lag}, the time from a window's reset to the dummy message sent for it; what the messages
 * cost ({@code autorefresh.tokens{direction}}) and what was not spent ({@code autorefresh.refreshes.avoided{reason}}). Counted after
 * the result's transaction commits, so a rolled-back or redelivered result is never counted twice. Tags never
 * name an account.
 */
@Component
public class RefreshMetrics {

    static final String REFRESHES = "autorefresh.refreshes";
    static final String LAG = "autorefresh.refresh.lag";
    static final String CLAMPED = "autorefresh.refresh.rate.limit.clamped";
    static final String TOKENS = "autorefresh.tokens";
    static final String AVOIDED = "autorefresh.refreshes.avoided";
    static final String AVOIDED_USAGE_CHECK = "usage_check";
    public static final String AVOIDED_IN_FLIGHT = "in_flight";

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
        // Present from the first scrape, so a rate over them starts at zero rather than at the first message.
        tokens("input", 0);
        tokens("output", 0);
        avoidedCounter(AVOIDED_USAGE_CHECK);
        avoidedCounter(AVOIDED_IN_FLIGHT);
    }

    /** @param outcome SUCCESS or UNCHANGED, as recorded */
    void recorded(WindowUpdated result, String outcome) {
        Duration late = result.previousResetAt() == null || result.sentAt() == null ? null
                : Duration.between(result.previousResetAt(), result.sentAt());
        boolean savedByUsageCheck = !result.messageSent();
        Integer input = result.inputTokens();
        Integer output = result.outputTokens();
        afterCommit(() -> {
            count(outcome);
            tokens("input", input);
            tokens("output", output);
            if (savedByUsageCheck) {
                countAvoided(AVOIDED_USAGE_CHECK);
            }
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
    public void takenAsSent() {
        afterCommit(() -> count("ASSUMED_SENT"));
    }

    /** A refresh that spent nothing: {@code usage_check} or {@code in_flight}. */
    public void avoided(String reason) {
        afterCommit(() -> countAvoided(reason));
    }

    private void countAvoided(String reason) {
        avoidedCounter(reason).increment();
    }

    private Counter avoidedCounter(String reason) {
        return Counter.builder(AVOIDED)
                .description("Refreshes that sent no paid message: a usage check found a window already open "
                        + "(usage_check), or a duplicate request found the window's claim alive (in_flight)")
                .tag("reason", reason)
                .register(meters);
    }

    private void tokens(String direction, Integer count) {
        if (count == null) {
            return;
        }
        Counter.builder(TOKENS)
                .description("Tokens the dummy messages used, as their answers reported (input or output)")
                .tag("direction", direction)
                .register(meters)
                .increment(count);
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
