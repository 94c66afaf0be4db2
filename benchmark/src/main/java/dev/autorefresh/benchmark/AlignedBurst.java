package dev.autorefresh.benchmark;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the burst lands. In {@code aligned} mode the stub ends every window at the next multiple of its window
 * length since the epoch; choosing that length puts the next multiple, the burst's reset, where the benchmark wants
 * it: late enough for every account to have started a window since, soon enough not to wait for nothing.
 *
 * @param windowSeconds the stub's aligned window length
 * @param resetAt       the next multiple of it: every window started from now on resets at this second
 */
record AlignedBurst(long windowSeconds, Instant resetAt) {

    /** A window length whose next multiple after {@code now} falls in {@code [earliest, earliest + band]}. */
    static AlignedBurst choose(Instant now, Instant earliest, Duration band) {
        long nowSeconds = now.getEpochSecond();
        long from = Math.max(1, earliest.getEpochSecond() - nowSeconds + 1);
        long latest = earliest.plus(band).getEpochSecond();
        for (long window = from; window <= from * 20 + 1000; window++) {
            long reset = (Math.floorDiv(nowSeconds, window) + 1) * window;
            if (reset >= earliest.getEpochSecond() + (earliest.getNano() > 0 ? 1 : 0) && reset <= latest) {
                return new AlignedBurst(window, Instant.ofEpochSecond(reset));
            }
        }
        throw new IllegalStateException("no aligned window puts a reset between " + earliest + " and " + latest);
    }
}
