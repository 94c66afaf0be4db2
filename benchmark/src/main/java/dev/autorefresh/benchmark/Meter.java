package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.system.ProcessProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU seconds of every process of the run, phase by phase: each {@link #mark} closes a phase and charges each
 * process the CPU it used since the previous mark. A process that is gone keeps what it had used.
 */
final class Meter {

    /** @param tree count live child processes too (PostgreSQL's backends) */
    private record Watched(String name, String system, LongSupplier pid, boolean tree) {
    }

    private final List<Watched> watched = new ArrayList<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> byPhase = new LinkedHashMap<>();

    synchronized void watch(String name, String system, long pid, boolean tree) {
        watched.add(new Watched(name, system, () -> pid, tree));
        last.put(name, cpu(watched.getLast()));
    }

    synchronized void mark(String phase) {
        for (Watched process : watched) {
            double now = cpu(process);
            double before = last.getOrDefault(process.name(), now);
            if (!Double.isNaN(now)) {
                byPhase.computeIfAbsent(process.name(), name -> new LinkedHashMap<>())
                        .merge(phase, round(now - (Double.isNaN(before) ? now : before)), Double::sum);
                last.put(process.name(), now);
            }
        }
    }

    /** CPU seconds by phase, plus {@code total}. */
    synchronized Map<String, Double> cpuSeconds(String name) {
        var phases = new LinkedHashMap<>(byPhase.getOrDefault(name, Map.of()));
        phases.put("total", round(phases.values().stream().mapToDouble(Double::doubleValue).sum()));
        return phases;
    }

    /** CPU seconds each process used in one phase. */
    synchronized Map<String, Double> phaseCpu(String phase) {
        var used = new LinkedHashMap<String, Double>();
        byPhase.forEach((name, phases) -> {
            Double seconds = phases.get(phase);
            if (seconds != null) {
                used.put(name, seconds);
            }
        });
        return used;
    }

    synchronized String system(String name) {
        return watched.stream().filter(process -> process.name().equals(name)).map(Watched::system).findFirst()
                .orElse("");
    }

    synchronized List<String> names() {
        return watched.stream().map(Watched::name).toList();
    }

    private static double cpu(Watched process) {
        long pid = process.pid().getAsLong();
        return (process.tree() ? ProcessProbe.treeCpuSeconds(pid) : ProcessProbe.cpuSeconds(pid)).orElse(Double.NaN);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
