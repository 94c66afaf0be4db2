package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.scheduler.dispatch.RefreshDueSender.Undelivered;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One pass over the due windows: claim a bounded batch (its own committed transaction), publish it, and go on
 * while batches come back full and the tick's budget lasts. Publishing never happens inside a transaction.
 */
@Service
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final DispatchLedger ledger;
    private final RefreshDueSender sender;
    private final DispatchSettings settings;

    Dispatcher(DispatchLedger ledger, RefreshDueSender sender, DispatchSettings settings) {
        this.ledger = ledger;
        this.sender = sender;
        this.settings = settings;
    }

    Outcome dispatchDue() {
        long deadline = System.nanoTime() + settings.tickBudget().toNanos();
        int claimed = 0;
        int undelivered = 0;
        int redispatched = 0;
        List<RefreshDue> batch;
        do {
            batch = ledger.claimDue(settings.batchSize(), settings.lease());
            claimed += batch.size();
            // attempt > 1: the lease of an earlier dispatch of the same window ran out without a result.
            redispatched += (int) batch.stream().filter(due -> due.attempt() > 1).count();
            if (batch.isEmpty()) {
                break;
            }
            List<Undelivered> failed = send(batch);
            if (!failed.isEmpty()) {
                release(failed, batch.size());
                undelivered += failed.size();
                // The broker is refusing or unreachable: the next tick tries again, rather than this one hammering it.
                break;
            }
        } while (batch.size() == settings.batchSize() && System.nanoTime() < deadline);

        int purged = ledger.purgeDispatchedBefore(settings.retention(), settings.batchSize());
        if (claimed > 0) {
            log.info("Found {} account(s) with reset windows for auto-refresh", claimed);
        } else {
            log.debug("Found {} account(s) with reset windows for auto-refresh", claimed);
        }
        if (purged > 0) {
            log.debug("Purged {} dispatch ledger row(s) older than {}", purged, settings.retention());
        }
        return new Outcome(claimed, claimed - undelivered, undelivered, purged, redispatched);
    }

    private List<Undelivered> send(List<RefreshDue> batch) {
        try {
            return sender.sendAll(batch);
        } catch (RuntimeException e) {
            // Whatever went wrong, no window of this batch may be left waiting for its lease to expire.
            ledger.expireLeases(batch.stream().map(RefreshDue::refreshId).toList());
            throw e;
        }
    }

    /**
     * Windows the broker definitely did not take must not wait out their lease: expire it so the next tick dispatches
     * them again. Those whose outcome is ambiguous keep their lease: the first copy may still be queued, and a second
     * under a new id would be a second claim on the window once the first's is done; the lease's expiry dispatches
     * the window again if the first never arrives.
     */
    private void release(List<Undelivered> failed, int batchSize) {
        List<Undelivered> refused = failed.stream().filter(one -> !one.mayBeQueued()).toList();
        ledger.expireLeases(refused.stream().map(one -> one.event().refreshId()).toList());
        Undelivered first = failed.getFirst();
        log.warn("Could not publish RefreshDue for {} of {} account(s) ({} may still be queued and keep their lease; "
                        + "the others are dispatched again on the next tick); first: account {} ({}): {}",
                failed.size(), batchSize, failed.size() - refused.size(), first.event().accountName(),
                first.event().accountId(), first.reason());
    }

    /**
     * @param claimed     windows claimed in the ledger this pass
     * @param published   of those, confirmed by the broker
     * @param undelivered of those, not delivered; their lease was expired
     * @param purged       old ledger rows deleted
     * @param redispatched  of the claimed, windows dispatched again after an earlier dispatch's lease ran out
     */
    record Outcome(int claimed, int published, int undelivered, int purged, int redispatched) {
    }
}
