package dev.autorefresh.benchmark.report;

import dev.autorefresh.benchmark.stats.Distribution;
import java.io.PrintStream;
import java.util.Map;

/** The run's figures as plain-text tables, for the console and for pasting into docs/performance.md. */
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

        out.printf("%nours:     %s%n", results.ours().shape());
        out.printf("baseline: %s%n", results.baseline() == null ? "not run" : results.baseline().shape());
        out.printf("%n%-46s | %-20s | %-20s%n", "refresh", "ours", "baseline (guide)");
        out.println("-".repeat(92));
        Results.RefreshRun ours = results.ours();
        Results.RefreshRun baseline = results.baseline();
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
        row(out, "burst: CPU ms per window (all processes)", cost(ours.burst().cost()),
                baseline == null ? "" : cost(baseline.burst().cost()));
        row(out, "burst: cores busy, ours / whole machine", busy(ours.burst().cost()),
                baseline == null ? "" : busy(baseline.burst().cost()));
        row(out, "duplicates / misses / upstream errors", correctness(ours.correctness()),
                baseline == null ? "" : correctness(baseline.correctness()));
        row(out, "tokens per window / saved: usage check, in flight", spend(ours.correctness().spend()),
                baseline == null ? "" : spend(baseline.correctness().spend()));
        out.println("burst CPU ms per window by process (ours): " + perProcess(ours.burst().cost()));
        if (results.comparison() != null) {
            var comparison = results.comparison();
            out.printf("%nours vs baseline: lag p50 %s x lower, p99 %s x lower, burst throughput %s x higher; the "
                            + "baseline would need ~%s s for our %,d-window burst (projected from its measured "
                            + "throughput)%n", ratio(comparison.lagP50Ratio()), ratio(comparison.lagP99Ratio()),
                    ratio(comparison.throughputRatio()), ratio(comparison.baselineDrainProjectedSeconds()),
                    ours.burst().inBurst());
        }

        out.printf("%n%-10s | %-26s | %-5s | %-36s | %-9s%n", "eligible", "tick ms: mean / p50 / p99 / max",
                "ticks", "claim statement ms, 0/10/100/500 due", "sched CPU");
        out.println("-".repeat(100));
        for (Results.TickCost size : results.cost()) {
            out.printf("%,10d | %-26s | %5d | %-36s | %7.1f %%%n", size.accounts(), "%s / %s / %s / %s".formatted(
                    millis(size.tickMeanMillis()), millis(size.tickP50Millis()), millis(size.tickP99Millis()),
                    millis(size.tickMaxMillis())), size.ticks(), claims(size.claimMillis()),
                    size.schedulerCpuPercent());
        }
        if (!results.cost().isEmpty()) {
            out.println("plan (none due, largest size): " + results.cost().getLast().claimPlan());
        }

        out.printf("%n%-24s | %-8s | %-9s | %-21s | %s%n", "process", "CPU s", "peak RSS", "heap: live / max used",
                "CPU s by phase");
        out.println("-".repeat(120));
        for (Results.ServiceResources service : results.resources()) {
            out.printf("%-24s | %8.1f | %9s | %-21s | %s%n", service.name(),
                    service.cpuSeconds().getOrDefault("total", 0.0), service.peakRssMiB() == null ? "-"
                            : "%.0f MiB".formatted(service.peakRssMiB()),
                    service.maxHeapAfterGcMiB() == null ? "-" : "%s / %.0f MiB%s".formatted(
                            service.liveHeapMiB() == null ? "?" : "%.0f".formatted(service.liveHeapMiB()),
                            service.maxHeapAfterGcMiB(), service.outOfMemory() ? " OOM" : service.alive() ? "" : " DIED"),
                    phases(service.cpuSeconds()));
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

    private static String cost(Results.BurstCost cost) {
        return "%.1f (floor %.0f s)".formatted(cost.totalCpuMillisPerWindow(), cost.cpuFloorSeconds());
    }

    private static String perProcess(Results.BurstCost cost) {
        return cost.cpuMillisPerWindow().entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> "%s %.2f".formatted(e.getKey(), e.getValue())).reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private static String busy(Results.BurstCost cost) {
        return "%.0f %% / %.0f %%".formatted(cost.oursCpuPercent(), cost.machineCpuPercent());
    }

    private static String ratio(Double value) {
        return value == null ? "n/a" : "%.1f".formatted(value);
    }

    private static String millis(Double value) {
        return value == null ? "-" : "%.1f".formatted(value);
    }

    private static String seconds(Double value) {
        return value == null ? "not within timeout" : "%.1f s".formatted(value);
    }

    private static String spend(Results.Spend spend) {
        if (spend == null) {
            return "-";
        }
        return "%s / %,d, %,d".formatted(spend.tokensPerWindow() == null ? "-" : "%.1f".formatted(spend.tokensPerWindow()),
                spend.savedByUsageCheck(), spend.savedInFlight());
    }

    private static String correctness(Results.Correctness correctness) {
        return "%d / %d / %d".formatted(correctness.duplicates(), correctness.misses(), correctness.upstreamErrors());
    }

    private static String claims(Map<Integer, Double> claims) {
        var text = new StringBuilder();
        claims.forEach((due, millis) -> text.append(text.isEmpty() ? "" : " / ").append("%.2f".formatted(millis)));
        return text.toString();
    }

    private static String phases(Map<String, Double> phases) {
        return phases.entrySet().stream().filter(e -> !e.getKey().equals("total") && e.getValue() >= 0.05)
                .map(e -> e.getKey() + " " + "%.1f".formatted(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
