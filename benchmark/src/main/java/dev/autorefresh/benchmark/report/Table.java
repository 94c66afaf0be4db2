package dev.autorefresh.benchmark.report;

import dev.autorefresh.benchmark.stats.Distribution;
import java.io.PrintStream;
import java.util.Map;

/** The run's figures as plain-text tables, for the console and for pasting into the README. */
public final class Table {

    private Table() {
    }

    public static void print(Results results, PrintStream out) {
        var machine = results.machine();
        out.printf("%nMachine: %d cores (%s), %.1f GiB, %s; %s. Everything on this one machine.%n", machine.cores(),
                machine.cpuModel(), machine.memoryGiB(), machine.os(), machine.java());
        out.printf("Load average at start %.2f / %.2f / %.2f, at end %.2f / %.2f / %.2f; machine CPU busy %.0f %%%n",
                results.load().atStart()[0], results.load().atStart()[1], results.load().atStart()[2],
                results.load().atEnd()[0], results.load().atEnd()[1], results.load().atEnd()[2],
                results.load().machineCpuUtilisation() * 100);

        out.printf("%n%-46s | %-20s | %-20s%n", "refresh", "ours", "baseline (guide)");
        out.println("-".repeat(92));
        Results.RefreshRun ours = results.ours();
        Results.RefreshRun baseline = results.baseline();
        row(out, "shape", ours.shape(), baseline == null ? "not run" : baseline.shape());
        row(out, "accounts (created via REST)", "%,d".formatted(ours.accounts()),
                baseline == null ? "" : "%,d".formatted(baseline.accounts()));
        row(out, "steady: rolling window / messages per s", "%d s / %.1f".formatted(ours.windowSeconds(),
                ours.steady().refreshesPerSecond()), baseline == null ? "" : "%d s / %.1f".formatted(
                baseline.windowSeconds(), baseline.steady().refreshesPerSecond()));
        lag(out, "steady lag p50 / p95 / p99 / max (s)", ours.steady().lagMillis(),
                baseline == null ? null : baseline.steady().lagMillis());
        row(out, "burst: windows resetting in one second", "%,d".formatted(ours.burst().inBurst()),
                baseline == null ? "" : "%,d".formatted(baseline.burst().inBurst()));
        row(out, "burst: all visible via GET /api/accounts", seconds(ours.burst().drainSeconds()),
                baseline == null ? "" : seconds(baseline.burst().drainSeconds()));
        row(out, "burst: last result committed / last sent", seconds(ours.burst().lastCommitSeconds()) + " / "
                + seconds(ours.burst().lastUpstreamSeconds()), baseline == null ? ""
                : seconds(baseline.burst().lastCommitSeconds()) + " / " + seconds(baseline.burst().lastUpstreamSeconds()));
        row(out, "burst: throughput (windows per s)", "%.1f".formatted(ours.burst().refreshesPerSecond()),
                baseline == null ? "" : "%.1f".formatted(baseline.burst().refreshesPerSecond()));
        lag(out, "burst lag p50 / p95 / p99 / max (s)", ours.burst().lagMillis(),
                baseline == null ? null : baseline.burst().lagMillis());
        row(out, "duplicates / misses / upstream errors", correctness(ours.correctness()),
                baseline == null ? "" : correctness(baseline.correctness()));
        if (results.comparison() != null) {
            var comparison = results.comparison();
            out.printf("%nours vs baseline: lag p50 %sx lower, p99 %sx lower, burst throughput %sx higher; the baseline "
                            + "would need ~%s s for our %,d-window burst (projected from its measured throughput)%n",
                    comparison.lagP50Ratio(), comparison.lagP99Ratio(), comparison.throughputRatio(),
                    comparison.baselineDrainProjectedSeconds(), ours.burst().inBurst());
        }

        out.printf("%n%-12s | %-12s | %-12s | %-6s | %-34s | %-10s%n", "accounts", "tick mean ms", "tick max ms",
                "ticks", "claim ms with 0 / 10 / 100 / 500 due", "sched CPU");
        out.println("-".repeat(100));
        for (Results.TickCost size : results.cost()) {
            out.printf("%,12d | %12s | %12.2f | %6d | %-34s | %8.1f %%%n", size.accounts(),
                    size.tickMeanMillis() == null ? "-" : "%.2f".formatted(size.tickMeanMillis()), size.tickMaxMillis(),
                    size.ticks(), claims(size.claimMillis()), size.schedulerCpuPercent());
        }
        if (!results.cost().isEmpty()) {
            out.println("plan (none due, largest size): " + results.cost().getLast().claimPlan());
        }

        out.printf("%n%-26s | %-11s | %-34s | %-9s | %-13s%n", "process", "system", "CPU seconds (total; by phase)",
                "peak RSS", "heap after GC");
        out.println("-".repeat(104));
        for (Results.ServiceResources service : results.resources()) {
            out.printf("%-26s | %-11s | %-34s | %9s | %-13s%n", service.name(), service.system(),
                    cpu(service.cpuSeconds()), service.peakRssMiB() == null ? "-"
                            : "%.0f MiB".formatted(service.peakRssMiB()),
                    service.maxHeapAfterGcMiB() == null ? "-" : "max %.0f MiB%s".formatted(service.maxHeapAfterGcMiB(),
                            service.outOfMemory() ? " OOM" : service.alive() ? "" : " DIED"));
        }

        out.printf("%n%-52s | %-32s | %-6s | %s%n", "target", "wanted", "met", "measured");
        out.println("-".repeat(130));
        for (Results.Target target : results.targets()) {
            out.printf("%-52s | %-32s | %-6s | %s%s%n", target.name(), target.target(),
                    target.met() == null ? "n/a" : target.met() ? "yes" : "NO", target.measured(),
                    target.note() == null ? "" : " (" + target.note() + ")");
        }
        results.notes().forEach(note -> out.println("note: " + note));
    }

    private static void row(PrintStream out, String name, String ours, String baseline) {
        out.printf("%-46s | %-20s | %-20s%n", name, ours, baseline);
    }

    private static void lag(PrintStream out, String name, Distribution ours, Distribution baseline) {
        row(out, name, lag(ours), baseline == null ? "" : lag(baseline));
    }

    private static String lag(Distribution lag) {
        if (lag.count() == 0) {
            return "no samples";
        }
        return "%.2f / %.2f / %.2f / %.2f".formatted(lag.p50() / 1000.0, lag.p95() / 1000.0, lag.p99() / 1000.0,
                lag.max() / 1000.0);
    }

    private static String seconds(Double value) {
        return value == null ? "not within timeout" : "%.1f s".formatted(value);
    }

    private static String correctness(Results.Correctness correctness) {
        return "%d / %d / %d".formatted(correctness.duplicates(), correctness.misses(), correctness.upstreamErrors());
    }

    private static String claims(Map<Integer, Double> claims) {
        var text = new StringBuilder();
        claims.forEach((due, millis) -> text.append(text.isEmpty() ? "" : " / ").append("%.2f".formatted(millis)));
        return text.toString();
    }

    private static String cpu(Map<String, Double> phases) {
        var text = new StringBuilder("%.1f".formatted(phases.getOrDefault("total", 0.0)));
        String details = phases.entrySet().stream().filter(e -> !e.getKey().equals("total") && e.getValue() >= 0.05)
                .map(e -> e.getKey().replaceFirst("^(ours|baseline)-", "") + " " + "%.0f".formatted(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        return details.isEmpty() ? text.toString() : text + "; " + details;
    }
}
