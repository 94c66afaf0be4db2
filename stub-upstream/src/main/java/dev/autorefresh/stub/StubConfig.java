package dev.autorefresh.stub;

import java.time.Duration;
import java.util.Set;

/**
 * What the stub does right now; replaced as a whole through {@code POST /_stub/config}, so a
 * request always sees one consistent version.
 *
 * @param forceStatus when set, every valid request is answered with this failure instead of a message
 */
record StubConfig(Duration latency, Duration window, WindowMode mode, Integer forceStatus, Duration retryAfter) {

    static final Set<Integer> FORCEABLE_STATUSES = Set.of(401, 429, 500, 529);
    static final Duration MAX_LATENCY = Duration.ofMinutes(10);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    StubConfig {
        if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException("latency must be between 0 and " + MAX_LATENCY.toMinutes() + " minutes");
        }
        // Resets travel as whole Unix seconds, so a window shorter or finer than a second cannot be reported.
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.getNano() != 0) {
            throw new IllegalArgumentException("window must be a whole number of seconds, at least 1s");
        }
        if (forceStatus != null && !FORCEABLE_STATUSES.contains(forceStatus)) {
            throw new IllegalArgumentException("forceStatus must be one of 401, 429, 500, 529 or null");
        }
        if (retryAfter.isNegative() || retryAfter.getNano() != 0) {
            throw new IllegalArgumentException("retryAfter must be a whole number of seconds, at least 0");
        }
    }

    static StubConfig of(Duration latency, Duration window, WindowMode mode) {
        return new StubConfig(latency, window, mode, null, DEFAULT_RETRY_AFTER);
    }

    String describe() {
        return "window " + Durations.format(window) + " " + mode.wireName() + ", latency " + Durations.format(latency);
    }
}
