package dev.autorefresh.benchmark.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * Summary of a set of durations in milliseconds: nearest-rank percentiles, the same definition the stub uses,
 * so our figures and {@code GET /_stub/stats} agree on the same samples.
 */
public record Distribution(int count, Long p50, Long p90, Long p95, Long p99, Long max, Long min, Double mean) {

    public static Distribution of(Collection<Long> millis) {
        return of(millis.stream().mapToLong(Long::longValue).toArray());
    }

    public static Distribution of(long[] millis) {
        if (millis.length == 0) {
            return new Distribution(0, null, null, null, null, null, null, null);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        return new Distribution(sorted.length, percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1], sorted[0], Math.round(mean * 10) / 10.0);
    }

    /** Nearest rank: the smallest sample with at least {@code percent} % of the samples at or below it. */
    public static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100], was " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
