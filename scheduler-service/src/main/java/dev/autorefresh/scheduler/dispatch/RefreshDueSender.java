package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import java.util.List;

/** Puts {@link RefreshDue} events on the broker for the workers. */
interface RefreshDueSender {

    /**
     * Sends every event, then waits until the broker has confirmed each of them.
     *
     * @return the events the broker did not confirm: refused (nacked), returned as unroutable, not sent at all, or
     *         with an ambiguous outcome (no confirm in time, the channel closed first); empty when all were confirmed
     */
    List<Undelivered> sendAll(List<RefreshDue> events);

    /**
     * @param mayBeQueued the outcome is ambiguous (no confirm in time, the channel closed before it came): the
     *                    broker may hold the message, so the window must not be dispatched again under a new id
     *                    until its lease expires
     */
    record Undelivered(RefreshDue event, String reason, boolean mayBeQueued) {

        /** Definitely not queued: refused, returned or never sent. */
        Undelivered(RefreshDue event, String reason) {
            this(event, reason, false);
        }
    }
}
