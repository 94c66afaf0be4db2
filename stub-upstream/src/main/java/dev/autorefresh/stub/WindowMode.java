package dev.autorefresh.stub;

import java.util.Locale;

/** How a new usage window's reset is chosen. */
enum WindowMode {
    /** reset = first request + window length: accounts spread out like real usage. */
    ROLLING,
    /**
     * reset = the next multiple of the window length since the epoch: every account resets in the
     * same second, the burst the benchmark measures.
     */
    ALIGNED;

    static WindowMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "rolling" -> ROLLING;
            case "aligned" -> ALIGNED;
            default -> throw new IllegalArgumentException("mode must be 'rolling' or 'aligned', not '" + text + "'");
        };
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
