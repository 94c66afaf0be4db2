package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.report.Results;
import dev.autorefresh.benchmark.stats.Curve;
import dev.autorefresh.benchmark.stats.Distribution;
import dev.autorefresh.benchmark.system.ApiClient;
import dev.autorefresh.benchmark.system.ApiClient.AccountView;
import dev.autorefresh.benchmark.system.Database;
import dev.autorefresh.benchmark.system.Deployment;
import dev.autorefresh.benchmark.system.Machine;
import dev.autorefresh.benchmark.system.Pause;
import dev.autorefresh.benchmark.system.Stub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One system's refresh figures, on its own accounts, in one pass:
 * <ol>
 * <li>create the accounts, then enable them spread over one rolling window, so their windows reset evenly spread
 *     (steady state);</li>
 * <li>switch the stub to aligned windows: each account's next refresh starts a window that resets in the same second
 *     as all the others; the lag of every rolling window that reset before it is the steady-state lag;</li>
 * <li>at that second the burst: poll {@code GET /api/accounts} until every account shows its new window.</li>
 * </ol>
 *
 * @param margin time after the last rolling window's reset for its refresh to land before the burst: a few seconds
 *               for us, more than a tick for the baseline
 */
record RefreshPhase(String label, int accounts, Duration window, Duration margin,
        Duration drainTimeout, Meter meter) {

    Results.RefreshRun run(Deployment deployment, Stub stub, Database database) {
        ApiClient api = deployment.api();
        stub.reset();
        stub.rolling(window);
        Stub.Counters before = stub.counters();

        Progress.say("%s: creating %,d accounts through the REST API", label, accounts);
        Instant createStart = Instant.now();
        List<UUID> ids = new Accounts(api).create(label, accounts, stub.messagesUrl());
        double createSeconds = seconds(createStart, Instant.now());
        meter.mark(label + "-create");

        Progress.say("%s: enabling auto-refresh spread over %ss (rolling %ss windows)", label, window.toSeconds(),
                window.toSeconds());
        Instant enableStart = Instant.now();
        new Accounts(api).enableSpread(ids, window);
        Instant enabled = Instant.now();
        awaitFirstWindows(stub, enabled.plus(window).plusSeconds(120));

        Instant switched = Instant.now();
        AlignedBurst burst = AlignedBurst.choose(switched, switched.plus(window).plus(margin), Duration.ofSeconds(10));
        stub.aligned(Duration.ofSeconds(burst.windowSeconds()));
        Progress.say("%s: steady state until %s, then %,d windows reset in that second (aligned %ss)", label,
                burst.resetAt(), accounts, burst.windowSeconds());

        Pause.until(burst.resetAt().minusSeconds(2));
        Stub.Counters steadyCounters = stub.counters().minus(before);
        double steadySeconds = seconds(enableStart, Instant.now());
        Set<UUID> ours = new HashSet<>(ids);
        Set<UUID> inBurst = new HashSet<>();
        for (AccountView account : api.accounts()) {
            if (ours.contains(account.id()) && burst.resetAt().equals(account.rateLimitReset())) {
                inBurst.add(account.id());
            }
        }
        Pause.until(burst.resetAt());
        meter.mark(label + "-steady");
        Machine.CpuTime machineAtReset = Machine.cpuTime();
        DrainWatch.Drain drain = new DrainWatch(label, api, database, drainTimeout)
                .watch(ours, inBurst, burst.resetAt());
        meter.mark(label + "-burst");
        Results.BurstCost cost = burstCost(inBurst.size(), Machine.cpuTime(), machineAtReset);
        // Let stragglers (a redelivery, a lease running out) show themselves before counting duplicates.
        Pause.of(Duration.ofSeconds(3));

        List<Stub.LagSample> samples = stub.lagSamples();
        Stub.Counters counters = stub.counters().minus(before);
        Steady steady = steady(samples, burst.resetAt(), steadyCounters.requests() / steadySeconds);
        List<Stub.LagSample> burstSamples = samples.stream()
                .filter(sample -> sample.expiredReset().equals(burst.resetAt())).toList();
        Curve upstream = Curve.cumulative(burst.resetAt(), burstSamples.stream().map(Stub.LagSample::receivedAt).toList());
        Curve committed = Curve.cumulative(burst.resetAt(), database.commitTimes(burst.resetAt()));
        var results = new Results.Burst(burst.resetAt(), (int) burst.windowSeconds(), inBurst.size(),
                drain.completedSeconds(), committed.secondsUntil(inBurst.size()),
                upstream.secondsUntil(inBurst.size()), throughput(burstSamples),
                Distribution.of(burstSamples.stream().map(Stub.LagSample::lagMillis).toList()), drain.meanPollMillis(),
                drain.failedPolls(),
                drain.visible().thinned(0.25), committed.thinned(0.25), upstream.thinned(0.25), cost);
        var correctness = new Results.Correctness(counters.duplicates(), drain.missed(), counters.non200(),
                counters.requests(), counters.windowsStarted(), database.attemptOutcomes(), deployment.deadServices(),
                database.spend());
        return new Results.RefreshRun(label, describe(deployment.shape()), accounts, (int) window.toSeconds(),
                round(createSeconds), round(seconds(enableStart, enabled)),
                new Results.Steady(steady.lag(), steady.cdf(), round(steady.perSecond())), results, correctness);
    }

    /**
     * What the burst cost in CPU, per window and per process, and how busy the machine was: a drain that used every
     * core is CPU-bound, and then its floor is the CPU it needs divided by the cores.
     */
    private Results.BurstCost burstCost(int windows, Machine.CpuTime end, Machine.CpuTime start) {
        Map<String, Double> seconds = meter.phaseCpu(label + "-burst");
        var perWindow = new LinkedHashMap<String, Double>();
        seconds.forEach((process, cpu) -> perWindow.put(process, round(cpu * 1000 / Math.max(1, windows))));
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        double wall = end.total() - start.total();
        double cores = Runtime.getRuntime().availableProcessors();
        return new Results.BurstCost(perWindow, round(total * 1000 / Math.max(1, windows)),
                round(100 * end.utilisationSince(start)), round(wall <= 0 ? 0 : 100 * total / wall),
                round(total / cores));
    }

    /**
     * Every account's first window must be a rolling one, or it has no window to be late for before the burst; a
     * system with a slow tick starts them well after auto-refresh was enabled.
     */
    private void awaitFirstWindows(Stub stub, Instant deadline) {
        while (stub.counters().accounts() < accounts) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(label + ": only " + stub.counters().accounts() + " of " + accounts
                        + " accounts had a first window by " + deadline);
            }
            Pause.of(Duration.ofMillis(250));
        }
    }

    private record Steady(Distribution lag, List<double[]> cdf, double perSecond) {
    }

    /** Every window that reset before the burst: rolling windows of accounts in steady use. */
    private static Steady steady(List<Stub.LagSample> samples, Instant burstReset, double messagesPerSecond) {
        long[] lags = samples.stream().filter(sample -> sample.expiredReset().isBefore(burstReset))
                .mapToLong(Stub.LagSample::lagMillis).toArray();
        return new Steady(Distribution.of(lags), cdf(lags), messagesPerSecond);
    }

    static List<double[]> cdf(long[] lags) {
        var cdf = new ArrayList<double[]>();
        if (lags.length == 0) {
            return cdf;
        }
        long[] sorted = lags.clone();
        java.util.Arrays.sort(sorted);
        for (int percent = 1; percent <= 100; percent++) {
            cdf.add(new double[] {percent, Distribution.percentile(sorted, percent)});
            if (percent == 99) {
                cdf.add(new double[] {99.9, Distribution.percentile(sorted, 99.9)});
            }
        }
        return cdf;
    }

    private static double throughput(List<Stub.LagSample> burst) {
        if (burst.size() < 2) {
            return 0;
        }
        Instant first = burst.stream().map(Stub.LagSample::receivedAt).min(Instant::compareTo).orElseThrow();
        Instant last = burst.stream().map(Stub.LagSample::receivedAt).max(Instant::compareTo).orElseThrow();
        double span = seconds(first, last);
        return span <= 0 ? 0 : round(burst.size() / span);
    }

    private static String describe(Deployment.Shape shape) {
        return "%d scheduler(s) ticking every %s, %d worker(s) x %s consumer(s)".formatted(shape.schedulers(),
                shape.tickInterval() == null ? "500ms (default)" : shape.tickInterval().toSeconds() + "s",
                shape.workers(), shape.workerConcurrency() == null ? "100 (default)" : shape.workerConcurrency());
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
