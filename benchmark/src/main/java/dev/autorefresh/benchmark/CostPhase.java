package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.report.Results;
import dev.autorefresh.benchmark.system.Database;
import dev.autorefresh.benchmark.system.Deployment;
import dev.autorefresh.benchmark.system.Pause;
import dev.autorefresh.benchmark.system.ProcessProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler's tick costs as accounts grow (10k, 100k, 1M eligible, none due), and as due accounts grow.
 * The large sizes are inserted straight into {@code api.account} as the superuser (a million REST calls would
 * measure the REST API, not the tick); the rows are eligible with windows hours away, as in real use.
 */
record CostPhase(List<Integer> sizes, Duration interval, String endpoint, String claim, Meter meter) {

    /** Due accounts at which the claim statement is timed; 500 is one full batch. */
    static final int[] DUE = {0, 10, 100, 500};
    private static final int REPETITIONS = 9;

    /** The scheduler's claim statement, the file its DispatchLedger runs, in the repository it was built from. */
    static final String CLAIM_FILE = "scheduler-service/src/main/resources/dev/autorefresh/scheduler/dispatch/claim-due.sql";

    /**
     * The scheduler's claim with the scheduler's defaults (batch 500, lease 2 min) in place of its parameters: run
     * here as the scheduler's role, in a transaction that is rolled back, to time the statement alone.
     */
    static String claim(Path repository) {
        try {
            return Files.readString(repository.resolve(CLAIM_FILE))
                    .replace(":batchSize", "500")
                    .replace(":leaseSeconds", "120");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scheduler's claim statement " + CLAIM_FILE, e);
        }
    }

    List<Results.TickCost> run(Deployment deployment, Database database) {
        int disabled = database.disableAutoRefresh();
        Progress.say("cost: auto-refresh off for the %,d benchmark accounts; only bulk accounts are eligible now",
                disabled);
        long scheduler = deployment.services().stream().filter(service -> service.name().contains("-scheduler-"))
                .findFirst().orElseThrow().pid();
        var costs = new ArrayList<Results.TickCost>();
        int inserted = 0;
        for (int size : sizes) {
            Instant start = Instant.now();
            insertBulk(database, inserted + 1, size);
            double insertSeconds = RefreshPhase.seconds(start, Instant.now());
            inserted = size;
            Progress.say("cost: %,d eligible accounts (inserted in %.1fs); measuring the tick for %ss", size,
                    insertSeconds, interval.toSeconds());
            // A few ticks on the new table first, so the plan and caches are those of steady use.
            Pause.of(Duration.ofSeconds(2));
            Deployment.TickTimer before = deployment.tickTimer();
            double cpuBefore = ProcessProbe.cpuSeconds(scheduler).orElse(Double.NaN);
            Pause.of(interval);
            Deployment.TickTimer after = deployment.tickTimer();
            double cpuAfter = ProcessProbe.cpuSeconds(scheduler).orElse(Double.NaN);
            Map<Integer, Double> claims = new LinkedHashMap<>();
            for (int due : DUE) {
                if (due <= size) {
                    claims.put(due, claimMillis(database, due));
                }
            }
            double mean = after.meanMillisSince(before);
            costs.add(new Results.TickCost(size, orNull(mean), orNull(after.p50Millis()), orNull(after.p99Millis()),
                    orNull(after.maxMillis()), after.count() - before.count(), claims, plan(database),
                    RefreshPhase.round((cpuAfter - cpuBefore) / interval.toNanos() * 1e9 * 100),
                    RefreshPhase.round(insertSeconds)));
            meter.mark("cost-" + size);
        }
        return costs;
    }

    private static Double orNull(double millis) {
        return Double.isNaN(millis) ? null : RefreshPhase.round(millis);
    }

    /** Rows {@code from..to} of the bulk accounts: eligible, due between 1 h and 5 h from now. */
    private void insertBulk(Database database, int from, int to) {
        try (Connection connection = database.superuser(); var statement = connection.prepareStatement("""
                INSERT INTO api.account (id, name, api_key, auto_refresh_enabled, custom_endpoint, rate_limit_reset,
                                         rate_limit_status, next_refresh_at)
                SELECT gen_random_uuid(), 'bulk-' || lpad(i::text, 7, '0'), 'sk-ant-bulk-' || i, true, ?,
                       now() + interval '1 hour' + (i % 14400) * interval '1 second', 'allowed',
                       now() + interval '1 hour 1 second' + (i % 14400) * interval '1 second'
                FROM generate_series(?, ?) AS i""")) {
            statement.setString(1, endpoint);
            statement.setInt(2, from);
            statement.setInt(3, to);
            statement.executeUpdate();
            try (var analyze = connection.createStatement()) {
                // What autovacuum would do shortly after a load this size; the plan is then the steady one.
                analyze.execute("ANALYZE api.account");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert bulk accounts", e);
        }
    }

    /** Median time of the claim statement with {@code due} bulk accounts made due inside a rolled-back transaction. */
    private double claimMillis(Database database, int due) {
        double[] millis = new double[REPETITIONS];
        try (Connection connection = database.superuser()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < REPETITIONS; i++) {
                try (var statement = connection.createStatement()) {
                    makeDue(statement, due);
                    statement.execute("SET LOCAL ROLE " + Database.SCHEDULER_ROLE);
                    long started = System.nanoTime();
                    int claimed = 0;
                    try (var rows = statement.executeQuery(claim)) {
                        while (rows.next()) {
                            claimed++;
                        }
                    }
                    millis[i] = (System.nanoTime() - started) / 1e6;
                    if (claimed != Math.min(due, 500)) {
                        throw new IllegalStateException("the claim took " + claimed + " accounts, expected "
                                + Math.min(due, 500));
                    }
                } finally {
                    connection.rollback();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not time the claim", e);
        }
        Arrays.sort(millis);
        return RefreshPhase.round(millis[REPETITIONS / 2]);
    }

    private static void makeDue(java.sql.Statement statement, int due) throws SQLException {
        if (due > 0) {
            statement.executeUpdate("UPDATE api.account SET next_refresh_at = now() - interval '1 second' "
                    + "WHERE name BETWEEN 'bulk-0000001' AND 'bulk-" + "%07d".formatted(due) + "'");
        }
    }

    /** How the claim reaches the accounts with none due: the scan nodes of its plan. */
    private String plan(Database database) {
        try (Connection connection = database.superuser()) {
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL ROLE " + Database.SCHEDULER_ROLE);
                var scans = new ArrayList<String>();
                try (var rows = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) " + claim)) {
                    while (rows.next()) {
                        String line = rows.getString(1).strip().replaceFirst("^->\\s*", "");
                        if (line.contains("Scan") || line.startsWith("Execution Time")) {
                            scans.add(line);
                        }
                    }
                }
                return String.join("; ", scans);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not explain the claim", e);
        }
    }
}
