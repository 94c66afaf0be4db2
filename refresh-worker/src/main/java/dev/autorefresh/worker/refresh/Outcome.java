package dev.autorefresh.worker.refresh;

import dev.autorefresh.events.FailureKind;

/**
 * What handling one {@code RefreshDue} came to, for metrics and logs.
 *
 * @param name {@code window_updated}, {@code refresh_failed}, {@code already_refreshed} or {@code in_flight}
 * @param kind the failure kind for {@code refresh_failed}, else null
 */
public record Outcome(String name, FailureKind kind) {

    static Outcome windowUpdated() {
        return new Outcome("window_updated", null);
    }

    static Outcome failed(FailureKind kind) {
        return new Outcome("refresh_failed", kind);
    }

    static Outcome inFlight() {
        return new Outcome("in_flight", null);
    }

    static Outcome alreadyRefreshed() {
        return new Outcome("already_refreshed", null);
    }
}
