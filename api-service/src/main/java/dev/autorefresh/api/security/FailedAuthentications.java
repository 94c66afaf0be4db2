package dev.autorefresh.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing: after {@code maxFailedAttempts} wrong tokens from one remote address within a window,
 * that address is answered 429 until the window ends. In memory and per process (a restart forgets), bounded
 * to {@code trackedAddresses} entries. Tokens have 256 bits, so this protects the logs and the database from
 * floods more than it protects the tokens.
 */
@Component
class FailedAuthentications {

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final int capacity;
    /** Insertion order is window-start order, so the first entries are the oldest. */
    private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>();

    FailedAuthentications(Clock clock, SecuritySettings settings) {
        this.clock = clock;
        this.maxFailures = settings.maxFailedAttempts();
        this.window = settings.failureWindow();
        this.capacity = settings.trackedAddresses();
    }

    /** How long the address must wait, when it has failed too often. */
    synchronized Optional<Duration> blocked(String address) {
        Instant now = clock.instant();
        Window current = windows.get(address);
        if (current == null || !current.end.isAfter(now)) {
            return Optional.empty();
        }
        return current.failures >= maxFailures ? Optional.of(Duration.between(now, current.end)) : Optional.empty();
    }

    synchronized void recordFailure(String address) {
        Instant now = clock.instant();
        Window current = windows.get(address);
        if (current == null || !current.end.isAfter(now)) {
            windows.remove(address);
            evictDown();
            windows.put(address, new Window(now.plus(window), 1));
        } else {
            current.failures++;
        }
    }

    synchronized void forgetAll() {
        windows.clear();
    }

    /** Forgets the oldest windows (expired or not) until there is room for one more. */
    private void evictDown() {
        Iterator<String> oldest = windows.keySet().iterator();
        while (windows.size() >= capacity && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static final class Window {
        final Instant end;
        int failures;

        Window(Instant end, int failures) {
            this.end = end;
            this.failures = failures;
        }
    }
}
