package dev.autorefresh.benchmark.system;

import java.time.Duration;
import java.time.Instant;

/**
 * Waiting on wall-clock time. A benchmark is driven by the clock (a window resets at a given second, a phase
 * lasts so long), so unlike a test it has nothing better to wait on.
 */
public final class Pause {

    private Pause() {
    }

    public static void of(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static void until(Instant instant) {
        of(Duration.between(Instant.now(), instant));
    }
}
