package dev.autorefresh.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one run measures. Every option has a default; {@code --quick} changes the defaults to a smoke-size run
 * (a few hundred accounts, no baseline, the 10k cost size only) and explicit options still win.
 *
 * @param accounts         accounts created through the REST API; all of them reset in the same second for the burst
 * @param workers          refresh-worker replicas of our system
 * @param schedulers       scheduler-service replicas of our system
 * @param workerConcurrency consumers per worker of our system, or null for the worker's default
 * @param latency          how long the stub upstream takes to answer a message
 * @param window           the stub's rolling window in the steady-state phase: short, so windows come round within
 *                         the run, long enough that the system keeps up (10,000 accounts / 300 s = 33 per second)
 * @param baselineAccounts accounts of the single-process baseline; 0 runs no baseline
 * @param baselineWindow   the rolling window of the baseline's steady-state phase
 * @param costSizes        eligible accounts at which the scheduler tick is measured
 * @param drainTimeout     how long after the burst reset an account may take before it counts as missed
 * @param output           where latest.json and latest.png go
 * @param repository       the repository root (the service jars are found under it)
 * @param profile          record a JFR profile of every service JVM beside its log
 */
record Options(boolean quick, int accounts, int workers, int schedulers, Integer workerConcurrency, Duration latency,
        Duration window,
        int baselineAccounts, Duration baselineWindow, List<Integer> costSizes, Duration drainTimeout, Path output,
        Path repository, boolean profile) {

    static final String USAGE = """
            usage: scripts/benchmark [--quick] [--accounts N] [--workers N] [--schedulers N] [--latency 200ms]
                                     [--worker-concurrency N] [--window 300s]
                                     [--baseline-accounts N] [--baseline-window 60s]
                                     [--cost-sizes 10000,100000,1000000] [--drain-timeout 180s]
                                     [--output DIR] [--profile]
              --quick   smoke size: 300 accounts, 20 s windows, no baseline, cost at 10k only;
                        exits non-zero only when correctness fails (duplicates, misses, a service died)
            """;

    Options {
        if (accounts < 1) {
            throw new IllegalArgumentException("--accounts must be at least 1");
        }
        if (workers < 1 || schedulers < 1 || (workerConcurrency != null && workerConcurrency < 1)) {
            throw new IllegalArgumentException("--workers, --schedulers and --worker-concurrency must be at least 1");
        }
        if (baselineAccounts < 0) {
            throw new IllegalArgumentException("--baseline-accounts must not be negative");
        }
        if (latency.isNegative() || window.toSeconds() < 5 || baselineWindow.toSeconds() < 5) {
            throw new IllegalArgumentException("--latency must not be negative and windows must be at least 5 s");
        }
        costSizes = List.copyOf(costSizes);
        if (costSizes.stream().anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("--cost-sizes must be positive numbers");
        }
        costSizes = costSizes.stream().sorted().distinct().toList();
    }

    static Options parse(String... args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean quick = rest.remove("--quick");
        boolean profile = rest.remove("--profile");
        int accounts = quick ? 300 : 10_000;
        int workers = 3;
        int schedulers = 1;
        Integer workerConcurrency = null;
        Duration latency = Duration.ofMillis(200);
        Duration window = quick ? Duration.ofSeconds(20) : Duration.ofSeconds(300);
        int baselineAccounts = quick ? 0 : 100;
        Duration baselineWindow = Duration.ofSeconds(60);
        List<Integer> costSizes = quick ? List.of(10_000) : List.of(10_000, 100_000, 1_000_000);
        Duration drainTimeout = Duration.ofSeconds(180);
        Path repository = Path.of("").toAbsolutePath();
        Path output = null;
        for (int i = 0; i < rest.size(); i++) {
            String name = rest.get(i);
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException("unknown option or missing value: " + name);
            }
            String value = rest.get(++i);
            switch (name) {
                case "--accounts" -> accounts = number(name, value);
                case "--workers" -> workers = number(name, value);
                case "--schedulers" -> schedulers = number(name, value);
                case "--worker-concurrency" -> workerConcurrency = number(name, value);
                case "--latency" -> latency = duration(name, value);
                case "--window" -> window = duration(name, value);
                case "--baseline-accounts" -> baselineAccounts = number(name, value);
                case "--baseline-window" -> baselineWindow = duration(name, value);
                case "--cost-sizes" -> costSizes = Arrays.stream(value.split(",")).map(size -> number(name, size)).toList();
                case "--drain-timeout" -> drainTimeout = duration(name, value);
                case "--output" -> output = Path.of(value).toAbsolutePath();
                case "--repository" -> repository = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option: " + name);
            }
        }
        if (output == null) {
            // A smoke run must not overwrite the committed result.
            output = quick ? repository.resolve("benchmark/target/results") : repository.resolve("benchmark/results");
        }
        return new Options(quick, accounts, workers, schedulers, workerConcurrency, latency, window, baselineAccounts, baselineWindow,
                costSizes, drainTimeout, output, repository, profile);
    }

    /** Whether this run has the shape the burst target is stated for. */
    boolean burstTargetShape() {
        return accounts >= 10_000 && workers == 3 && latency.equals(Duration.ofMillis(200)) && workerConcurrency == null;
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a whole number, not '" + value + "'");
        }
    }

    /** {@code 200ms}, {@code 30s}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String name, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " needs a duration like 200ms, 30s or 2m, not '" + value + "'");
        }
    }
}
