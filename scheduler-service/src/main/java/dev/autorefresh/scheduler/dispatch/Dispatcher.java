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
        List<RefreshDue> batch;
        do {
            batch = ledger.claimDue(settings.batchSize(), settings.lease());
            claimed += batch.size();
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
        return new Outcome(claimed, claimed - undelivered, undelivered, purged);
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

    /** Undelivered windows must not wait out their lease: expire it so the next tick dispatches them again. */
    private void release(List<Undelivered> failed, int batchSize) {
        ledger.expireLeases(failed.stream().map(one -> one.event().refreshId()).toList());
        Undelivered first = failed.getFirst();
        log.warn("Could not publish RefreshDue for {} of {} account(s), dispatching again on the next tick; "
                        + "first: account {} ({}): {}",
                failed.size(), batchSize, first.event().accountName(), first.event().accountId(), first.reason());
    }

    /**
     * @param claimed     windows claimed in the ledger this pass
     * @param published   of those, confirmed by the broker
     * @param undelivered of those, not delivered; their lease was expired
     * @param purged      old ledger rows deleted
     */
    record Outcome(int claimed, int published, int undelivered, int purged) {
    }
}
