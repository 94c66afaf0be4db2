package dev.autorefresh.scheduler.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * What the ticks of this replica did: their duration, the refreshes each dispatched, the RefreshDue the broker
 * did not take, and the backlog of due windows (read on scrape). No tag names an account.
 */
@Component
class DispatchMetrics {

    static final String TICK = "autorefresh.scheduler.tick";
    static final String DISPATCHES = "autorefresh.scheduler.dispatches";
    static final String PUBLISH_FAILURES = "autorefresh.scheduler.publish.failures";
    static final String DUE_BACKLOG = "autorefresh.scheduler.due.backlog";
    static final String REDISPATCHES = "autorefresh.scheduler.redispatches";
    private static final Logger log = LoggerFactory.getLogger(DispatchMetrics.class);

    private final MeterRegistry meters;
    private final DistributionSummary dispatches;
    private final Counter publishFailures;
    private final Counter redispatches;

    DispatchMetrics(MeterRegistry meters, DispatchLedger ledger) {
        this.meters = meters;
        this.dispatches = DistributionSummary.builder(DISPATCHES)
                .description("RefreshDue published and confirmed per tick that held the lock")
                .register(meters);
        this.publishFailures = Counter.builder(PUBLISH_FAILURES)
                .description("RefreshDue the broker did not take (refused, returned, unconfirmed or not sent); "
                        + "each is dispatched again on the next tick")
                .register(meters);
        this.redispatches = Counter.builder(REDISPATCHES)
                .description("Windows dispatched again because an earlier dispatch's lease ran out without a result "
                        + "(a lost message, a crashed worker, a lagging results consumer, an ambiguous confirm)")
                .register(meters);
        Gauge.builder(DUE_BACKLOG, ledger, DispatchMetrics::countDue)
                .description("Windows due now and not yet dispatched (not under a lease)")
                .register(meters);
    }

    /** Runs one tick, timed with outcome {@code ok} or {@code failed} (it threw). */
    Dispatcher.Outcome measure(Supplier<Dispatcher.Outcome> tick) {
        Timer.Sample sample = Timer.start(meters);
        String result = "failed";
        try {
            Dispatcher.Outcome outcome = tick.get();
            dispatches.record(outcome.published());
            publishFailures.increment(outcome.undelivered());
            redispatches.increment(outcome.redispatched());
            result = "ok";
            return outcome;
        } finally {
            sample.stop(Timer.builder(TICK)
                    .description("Duration of the ticks that held the lock: claim, publish, await confirms")
                    .tag("outcome", result)
                    .register(meters));
        }
    }

    private static double countDue(DispatchLedger ledger) {
        try {
            return ledger.countDue();
        } catch (DataAccessException e) {
            // A scrape must not fail because the database is down; readiness reports that.
            log.debug("Due backlog unavailable: {}", e.getClass().getSimpleName());
            return Double.NaN;
        }
    }
}
