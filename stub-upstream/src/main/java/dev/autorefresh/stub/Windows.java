package dev.autorefresh.stub;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The usage window of every account that has been answered with a message. */
final class Windows {

    /** A nominal per-window request allowance, only so that "remaining" goes down. */
    static final int REQUESTS_PER_WINDOW = 1000;

    private final ConcurrentHashMap<AccountKey, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant reset, int requests) {
    }

    /**
     * Counts a successful request against the account's window, starting a new window when there is
     * none or the last one has reset. Atomic per account: of many concurrent first requests exactly
     * one starts the window.
     */
    WindowOutcome touch(AccountKey account, Instant receivedAt, StubConfig config) {
        WindowOutcome[] outcome = new WindowOutcome[1];
        windows.compute(account, (key, current) -> {
            if (current != null && receivedAt.isBefore(current.reset())) {
                Window same = new Window(current.reset(), current.requests() + 1);
                outcome[0] = new WindowOutcome(same.reset(), remaining(same), false, null);
                return same;
            }
            Window next = new Window(nextReset(receivedAt, config), 1);
            Duration lag = current == null ? null : Duration.between(current.reset(), receivedAt);
            outcome[0] = new WindowOutcome(next.reset(), remaining(next), true, lag);
            return next;
        });
        return outcome[0];
    }

    /** The reset of the account's window if it is still open at {@code now}. */
    Optional<Instant> openReset(AccountKey account, Instant now) {
        Window window = windows.get(account);
        return window != null && now.isBefore(window.reset()) ? Optional.of(window.reset()) : Optional.empty();
    }

    /** The account's open window as the usage endpoint reports it, or empty when none is open at {@code now}. */
    Optional<Usage> usage(AccountKey account, Instant now) {
        Window window = windows.get(account);
        if (window == null || !now.isBefore(window.reset())) {
            return Optional.empty();
        }
        double utilization = Math.min(100.0, 100.0 * window.requests() / REQUESTS_PER_WINDOW);
        return Optional.of(new Usage(window.reset(), utilization));
    }

    void clear() {
        windows.clear();
    }

    static Instant nextReset(Instant receivedAt, StubConfig config) {
        long length = config.window().toSeconds();
        return switch (config.mode()) {
            // Rounded up to the whole second that is reported, so a window is never shorter than configured.
            case ROLLING -> ceilToSecond(receivedAt.plus(config.window()));
            case ALIGNED -> Instant.ofEpochSecond((Math.floorDiv(receivedAt.getEpochSecond(), length) + 1) * length);
        };
    }

    static Instant ceilToSecond(Instant instant) {
        return instant.getNano() == 0 ? instant : Instant.ofEpochSecond(instant.getEpochSecond() + 1);
    }

    private static int remaining(Window window) {
        return Math.max(0, REQUESTS_PER_WINDOW - window.requests());
    }

    /** @param utilization percent of the nominal allowance used, 0 to 100 */
    record Usage(Instant reset, double utilization) {
    }

    /**
     * @param started  a new window began with this request; otherwise the request hit an open window (a duplicate)
     * @param lag      for a started window that follows one this stub reported: how long after that reset it came
     */
    record WindowOutcome(Instant reset, int remaining, boolean started, Duration lag) {

        boolean duplicate() {
            return !started;
        }
    }
}
