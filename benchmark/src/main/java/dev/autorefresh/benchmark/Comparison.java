package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.report.Results;

/** Ours against the baseline, as ratios of figures measured side by side in the same run. */
final class Comparison {

    private Comparison() {
    }

    static Results.Comparison of(Results.RefreshRun ours, Results.RefreshRun baseline) {
        var ourLag = ours.steady().lagMillis();
        var theirLag = baseline.steady().lagMillis();
        Double lagP50 = ratio(theirLag.p50(), ourLag.p50());
        Double lagP99 = ratio(theirLag.p99(), ourLag.p99());
        Double throughput = baseline.burst().refreshesPerSecond() == 0 ? null
                : RefreshPhase.round(ours.burst().refreshesPerSecond() / baseline.burst().refreshesPerSecond());
        // The baseline's burst: first it waits for its next tick, then sends one message after another.
        Long firstArrival = baseline.burst().lagMillis().min();
        Double projected = baseline.burst().refreshesPerSecond() == 0 || firstArrival == null ? null
                : RefreshPhase.round(firstArrival / 1000.0
                        + ours.burst().inBurst() / baseline.burst().refreshesPerSecond());
        return new Results.Comparison(lagP50, lagP99, throughput, projected);
    }

    private static Double ratio(Long numerator, Long denominator) {
        if (numerator == null || denominator == null || denominator == 0) {
            return null;
        }
        return RefreshPhase.round((double) numerator / denominator);
    }
}
