package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import java.util.List;

/** Puts {@link RefreshDue} events on the broker for the workers. */
interface RefreshDueSender {

    /**
     * Sends every event, then waits until the broker has confirmed each of them.
     *
     * @return the events the broker did not take: refused (nacked), returned as unroutable, not confirmed in
     *         time, or not sent at all; empty when all were confirmed
     */
    List<Undelivered> sendAll(List<RefreshDue> events);

    record Undelivered(RefreshDue event, String reason) {
    }
}
