package dev.autorefresh.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Writes the matrix as {@code results.md} and {@code results.json}, with the date, machine and load. */
final class ChaosReport {

    private ChaosReport() {
    }

    static void write(Path directory, List<ChaosResult> results, String loadBefore, String loadAfter) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("host", InetAddress.getLocalHost().getHostName());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("uptimeBefore", loadBefore);
        machine.put("uptimeAfter", loadAfter);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("date", Instant.now().toString());
        document.put("machine", machine);
        document.put("setup", setup());
        document.put("scenarios", results);
        Files.writeString(directory.resolve("results.json"),
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n");

        var md = new StringBuilder("# Chaos matrix results\n\n");
        md.append("Run ").append(document.get("date")).append(" on ").append(machine.get("host")).append(" (")
                .append(machine.get("cores")).append(" cores, ").append(machine.get("os")).append(", Java ")
                .append(machine.get("java")).append(").\n\nLoad (`uptime`) before: `").append(loadBefore)
                .append("`; after: `").append(loadAfter).append("`.\n\n").append(setup()).append("\n\n");
        md.append("| scenario | injected fault | accounts | windows | duplicates (tolerated) | lost | max lag | "
                + "calls per failing account per hour | upstream calls / recorded attempts | stuck | result |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ChaosResult r : results) {
            md.append("| ").append(r.scenario()).append(" | ").append(r.fault()).append(" | ").append(r.accounts())
                    .append(" | ").append(r.windows()).append(" | ").append(r.duplicates()).append(" (")
                    .append(r.allowedDuplicates()).append(") | ").append(r.lost()).append(" | ")
                    .append(String.format("%.1f s", r.maxLagMillis() / 1000.0)).append(" | ")
                    .append(r.failingCallsPerHour() == null ? "-" : r.failingCallsPerHour()).append(" | ")
                    .append(r.upstreamCalls()).append(" / ").append(r.recordedAttempts()).append(" | ").append(r.stuck())
                    .append(" | ").append(r.passed() ? "pass" : "**FAIL**").append(" |\n");
        }
        md.append("\n## Broken invariants and notes\n\n");
        for (ChaosResult r : results) {
            if (!r.passed() || !r.notes().isEmpty()) {
                md.append("- **").append(r.scenario()).append("**: ");
                md.append(r.violations().isEmpty() ? "all invariants held" : String.join("; ", r.violations()));
                if (!r.notes().isEmpty()) {
                    md.append(". ").append(r.notes());
                }
                md.append("\n");
            }
        }
        Files.writeString(directory.resolve("results.md"), md.toString());
    }

    private static String setup() {
        return "Setup: stub upstream (aligned " + ChaosRun.WINDOW_SECONDS + " s windows: every account resets in the same"
                + " second), api-service, " + ChaosSystem.SCHEDULERS + " schedulers, " + ChaosSystem.WORKERS
                + " workers, dispatch lease " + ChaosSystem.LEASE.toSeconds() + " s, worker shutdown timeout "
                + ChaosSystem.WORKER_SHUTDOWN_TIMEOUT.toSeconds() + " s, local PostgreSQL and RabbitMQ. A window is"
                + " lost when it is renewed more than " + ChaosRun.BOUND_AFTER_FAULT.toSeconds()
                + " s (the lease, the wait after our own side was unavailable, and 10 s) after the fault ended, or not at all; a duplicate is a paid message into a"
                + " window that had already started (counted by the stub); calls and attempts compare the stub's"
                + " count with `api.refresh_attempt`; stuck counts overdue accounts, messages left in the queues and"
                + " new parking-lot messages.";
    }
}
