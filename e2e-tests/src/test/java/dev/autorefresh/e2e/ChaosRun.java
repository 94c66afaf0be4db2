package dev.autorefresh.e2e;

import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.Topology;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one scenario: fresh accounts on the stub, their first windows, the fault at the chosen moment after an
 * aligned reset, then the invariants. The accounts are switched off at the end so later scenarios run on the
 * same load.
 */
final class ChaosRun {

    /**
     * How long after the fault ends every due window must have been renewed: a lease (a dispatch lost in the fault is
     * sent again), the wait after our own side was unavailable (a lookup the fault failed), and 10 s to act.
     */
    static final Duration BOUND_AFTER_FAULT = ChaosSystem.LEASE.plus(ChaosSystem.UNAVAILABLE_RETRY_DELAY).plusSeconds(10);
    static final long WINDOW_SECONDS = 15;
    /** Stub fault modes whose answers are 2xx without a readable reset: a window started, its end estimated. */
    private static final java.util.Set<String> ESTIMATED_WINDOW_MODES = java.util.Set.of("unreadable-reset");

    /**
     * Attempts that made a paid call: not those that made none (refused, our own side unavailable, a lost claim
     * taken as sent, a window seen open by the free usage check).
     */
    private static final String REACHED_UPSTREAM =
            "outcome NOT IN ('NOT_ELIGIBLE', 'UNAVAILABLE', 'ASSUMED_SENT') AND coalesce(window_source, '') <> 'USAGE_CHECK'"
                    + " AND coalesce(error, '') NOT LIKE 'credentials unavailable%'";
    /** Failures held against an account although no call was made: our own infrastructure failed. */
    private static final String COUNTED_WITHOUT_CALL = "outcome = 'NETWORK' AND error LIKE 'credentials unavailable%'";

    /**
     * @param key      what the stub knows the account by: the API key, the OAuth access token, or for an account
     *                 whose tokens rotate the refresh token its lineage started from
     * @param rotating its OAuth tokens are rotated at the stub's token endpoint at every lookup
     */
    private record Account(UUID id, String key, String mode, boolean oauth, boolean rotating) {
    }

    private final ChaosSystem system;
    private final int healthyAccounts;

    ChaosRun(ChaosSystem system, int healthyAccounts) {
        this.system = system;
        this.healthyAccounts = healthyAccounts;
    }

    ChaosResult run(ChaosScenario scenario) throws Exception {
        StubControl stub = system.stubControl;
        stub.configure("""
                {"latencyMs": %d, "windowSeconds": %d, "mode": "aligned", "forceStatus": null}"""
                .formatted(scenario.latencyMs(), WINDOW_SECONDS));
        Map<String, Long> depthsBefore = system.depths();
        system.awaitNoUpstreamCallsOut();
        long stubCallsBefore = stub.requests();
        long workerCallsBefore = system.workerUpstreamCalls();
        List<Account> accounts = new ArrayList<>();
        String prefix = scenario.name() + "-" + UUID.randomUUID().toString().substring(0, 6);
        // Half OAuth, half API-key accounts: they are owed different guarantees after a crash.
        for (int i = 0; i < healthyAccounts; i++) {
            accounts.add(i % 2 == 0 ? createOAuth(prefix + "-oauth-" + i) : create(prefix + "-" + i, null));
        }
        for (int i = 0; i < scenario.rotatingOAuth(); i++) {
            accounts.add(createRotatingOAuth(prefix + "-rotating-" + i));
        }
        scenario.upstreamFaults().forEach((mode, count) -> {
            for (int i = 0; i < count; i++) {
                accounts.add(create(prefix + "-" + mode + "-" + i, mode));
            }
        });
        Instant enabledAt = Instant.now();
        accounts.forEach(account -> system.client.setAutoRefresh(account.id().toString(), true));
        List<Account> healthy = accounts.stream().filter(account -> account.mode() == null).toList();
        // A 2xx with an unreadable reset is no failure: the message started a window whose end is estimated (here
        // at the stub's window length, as it is five hours upstream), so one message per window is right for it.
        List<Account> failing = accounts.stream()
                .filter(account -> account.mode() != null && !ESTIMATED_WINDOW_MODES.contains(account.mode())).toList();
        List<Account> estimated = accounts.stream()
                .filter(account -> account.mode() != null && ESTIMATED_WINDOW_MODES.contains(account.mode())).toList();

        // Steady state first: every healthy account has had its first window.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var figures = stub.accounts();
            return healthy.stream().allMatch(account -> figures(figures, account).windowsStarted() >= 1);
        });

        // Then the fault, at its moment after the next aligned reset (at least 3 s ahead).
        long nextReset = (Instant.now().getEpochSecond() + 3) / WINDOW_SECONDS * WINDOW_SECONDS + WINDOW_SECONDS;
        Instant reset = Instant.ofEpochSecond(nextReset);
        ChaosScenarios.pause(Duration.between(Instant.now(), reset));
        long before = stub.requests();
        ChaosScenarios.pause(Duration.between(Instant.now(), reset.plus(scenario.injectAfter())));
        long wanted = (long) Math.ceil(scenario.burstReached() * healthy.size());
        if (wanted > 0) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> stub.requests() - before >= wanted);
        }
        List<Account> userOpened = new ArrayList<>();
        userOpened.addAll(healthy.stream().filter(Account::oauth).limit(scenario.userTraffic()).toList());
        userOpened.addAll(healthy.stream().filter(account -> !account.oauth()).limit(scenario.userTraffic()).toList());
        userOpened.forEach(account -> stub.userTraffic(account.key()));
        String struck = String.format("struck %.1f s after the reset, %d of the burst's %d calls received",
                Duration.between(reset, Instant.now()).toMillis() / 1000.0, stub.requests() - before, healthy.size());
        Instant healed = scenario.injection().inject(system);

        Instant checkAt = healed.plus(BOUND_AFTER_FAULT);
        ChaosScenarios.pause(Duration.between(Instant.now(), checkAt));
        var figures = stub.accounts();
        // An account whose token rotation the fault cut off may hold a refresh token the provider has already
        // rotated: it is shown as needing a person (token rotation interrupted), which is the promised outcome,
        // never a retry with that token. Such accounts are owed no renewal; every other one is.
        List<Account> interrupted = healthy.stream().filter(Account::rotating).filter(this::rotationInterrupted).toList();
        List<Account> owedRenewal = healthy.stream().filter(account -> !interrupted.contains(account)).toList();
        long boundMillis = BOUND_AFTER_FAULT.toMillis();
        // A window that reset before the fault ended can only be renewed after it: its lag may reach the time from
        // the reset to the fault's end, plus the bound.
        long allowedLagMillis = Math.max(0, Duration.between(reset, healed).toMillis()) + boundMillis;
        List<Account> lostAccounts = owedRenewal.stream().filter(account -> {
            StubControl.Figures f = figures(figures, account);
            boolean neverRenewed = f.reset() * 1000 + boundMillis <= checkAt.toEpochMilli();
            return neverRenewed || f.maxLagMillis() > allowedLagMillis;
        }).toList();
        long lost = lostAccounts.size();
        long maxLag = healthy.stream().mapToLong(account -> figures(figures, account).maxLagMillis()).max().orElse(0);
        long overdue = overdue(owedRenewal, checkAt.minus(BOUND_AFTER_FAULT));
        double observedHours = Duration.between(enabledAt, checkAt).toMillis() / 3_600_000.0;
        long worstFailingCalls = failing.stream().mapToLong(account -> figures(figures, account).requests()).max().orElse(0);
        long worstEstimatedCalls = estimated.stream().mapToLong(account -> figures(figures, account).requests()).max().orElse(0);
        List<Account> withModes = accounts.stream().filter(account -> account.mode() != null).toList();
        String failingNotes = withModes.isEmpty() ? "" : "most calls per account by mode in "
                + Duration.between(enabledAt, checkAt).toSeconds() + " s: " + perMode(figures, withModes);

        // Switch the accounts off and let everything in flight land before comparing calls with attempts.
        accounts.forEach(account -> system.client.setAutoRefresh(account.id().toString(), false));
        long[] lastCalls = {-1};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            long calls = calls(stub.accounts(), accounts);
            boolean settled = calls == lastCalls[0] && system.queueDepth(Topology.WORKER_QUEUE) == 0
                    && system.queueDepth(Topology.RESULTS_QUEUE) == 0;
            lastCalls[0] = calls;
            return settled;
        });
        var finalFigures = stub.accounts();
        long stubCalls = stub.requests() - stubCallsBefore;
        // A worker restarted in the scenario took its counts with it: the comparison holds only when none was.
        Long workerCalls = scenario.killsWorker() ? null : system.workerUpstreamCalls() - workerCallsBefore;
        long calls = calls(finalFigures, accounts);
        long attempts = attempts(accounts);
        long infrastructureFailures = infrastructureFailures(accounts);
        long windows = accounts.stream().mapToLong(account -> figures(finalFigures, account).windowsStarted()).sum();
        long duplicates = accounts.stream().mapToLong(account -> figures(finalFigures, account).duplicates()).sum();
        long oauthDuplicates = accounts.stream().filter(Account::oauth)
                .mapToLong(account -> figures(finalFigures, account).duplicates()).sum();
        List<Account> apiKeyAccounts = accounts.stream().filter(account -> !account.oauth()).toList();
        long apiKeyUnrecorded = Math.max(0, calls(finalFigures, apiKeyAccounts) - attempts(apiKeyAccounts));
        Map<String, Long> depthsAfter = system.depths();
        long stuck = overdue + depthsAfter.get(Topology.WORKER_QUEUE) + depthsAfter.get(Topology.RESULTS_QUEUE)
                + (depthsAfter.get(Topology.WORKER_PARKING_LOT) - depthsBefore.get(Topology.WORKER_PARKING_LOT))
                + (depthsAfter.get(Topology.RESULTS_PARKING_LOT) - depthsBefore.get(Topology.RESULTS_PARKING_LOT));

        // A killed worker takes its calls in flight with it: they went out, and no attempt records them. For
        // API-key accounts those calls, and the duplicates they cause when their windows are dispatched again, are
        // tolerated; an OAuth account's window is seen by the free usage check first, so it is owed no duplicate.
        long inFlightLost = scenario.killsWorker() ? Math.max(0, calls - attempts) : 0;
        long allowedDuplicates = (scenario.killsWorker() ? apiKeyUnrecorded : 0)
                + userOpened.stream().filter(account -> !account.oauth()).count();
        Double failingPerHour = failing.isEmpty() ? null : Math.round(worstFailingCalls / observedHours * 10) / 10.0;
        List<String> notes = new ArrayList<>();
        notes.add(struck);
        if (!failingNotes.isEmpty()) {
            notes.add(failingNotes);
        }
        if (scenario.rotatingOAuth() > 0) {
            notes.add(interrupted.size() + " of " + scenario.rotatingOAuth() + " rotating OAuth account(s) shown as"
                    + " \"token rotation interrupted\" (need a person); the others renewed like every account");
        }
        notes.add(workerCalls == null ? "worker metrics not comparable (a worker was restarted)"
                : "worker metrics agree with the stub: " + workerCalls + " call(s)");
        if (infrastructureFailures > 0) {
            notes.add(infrastructureFailures + " failure(s) recorded against accounts while the api-service could not"
                    + " hand out credentials (no upstream call)");
        }
        List<String> violations = new ArrayList<>();
        if (lost > 0) {
            violations.add(lost + " window(s) not renewed within " + BOUND_AFTER_FAULT.toSeconds() + " s of the fault's end");
        }
        if (oauthDuplicates > 0) {
            violations.add(oauthDuplicates + " duplicate paid message(s) for OAuth accounts");
        }
        if (duplicates - oauthDuplicates > allowedDuplicates) {
            violations.add((duplicates - oauthDuplicates) + " duplicate paid message(s) for API-key accounts, "
                    + allowedDuplicates + " tolerated");
        }
        if (calls - inFlightLost != attempts) {
            violations.add(calls + " upstream call(s) but " + attempts + " recorded attempt(s)");
        }
        long reusedRefreshTokens = stub.tokenReuses().values().stream().mapToLong(Long::longValue).sum();
        if (reusedRefreshTokens > 0) {
            violations.add(reusedRefreshTokens + " refresh token(s) presented again after the provider had rotated them");
        }
        if (workerCalls != null && workerCalls != stubCalls) {
            violations.add("the workers' metrics count " + workerCalls + " upstream call(s), the stub " + stubCalls);
        }
        if (stuck > 0) {
            violations.add("stuck: " + overdue + " overdue account(s), queues " + depthsAfter + " (before " + depthsBefore + ")");
        }
        // The floor every failure policy must respect: at most one call a minute, after the first.
        long allowedFailingCalls = 1 + Duration.between(enabledAt, checkAt).toMinutes();
        long allowedEstimatedCalls = 1 + Duration.between(enabledAt, checkAt).toSeconds() / WINDOW_SECONDS;
        if (worstEstimatedCalls > allowedEstimatedCalls) {
            violations.add("an account whose resets are unreadable got " + worstEstimatedCalls + " calls in "
                    + Duration.between(enabledAt, checkAt).toSeconds() + " s (at most one per window, "
                    + allowedEstimatedCalls + ")");
        }
        if (!failing.isEmpty() && worstFailingCalls > allowedFailingCalls) {
            violations.add("a failing account got " + worstFailingCalls + " calls in "
                    + Duration.between(enabledAt, checkAt).toSeconds() + " s (at most " + allowedFailingCalls + ")");
        }
        if (!violations.isEmpty()) {
            printEvidence(scenario, accounts, lostAccounts, finalFigures, reset);
        }
        return new ChaosResult(scenario.name(), scenario.fault(), accounts.size(), BOUND_AFTER_FAULT.toSeconds(), windows,
                duplicates, allowedDuplicates, lost, maxLag, failingPerHour, calls, attempts, stuck, String.join("; ", notes), violations);
    }

    /**
     * For a broken invariant, the history of a few accounts that paid twice or were renewed late, as the stub and
     * the api-service saw it: enough to tell which path did it without rerunning the scenario.
     */
    private void printEvidence(ChaosScenario scenario, List<Account> accounts, List<Account> lost,
            Map<String, StubControl.Figures> figures, Instant reset) throws SQLException {
        List<Account> suspects = new ArrayList<>();
        accounts.stream().filter(account -> figures(figures, account).duplicates() > 0).limit(3).forEach(suspects::add);
        lost.stream().filter(Account::oauth).limit(2).forEach(suspects::add);
        lost.stream().filter(account -> !account.oauth()).limit(2).forEach(suspects::add);
        String sql = """
                SELECT refresh_id, outcome, window_source, usage_check, applied, window_reset_at, previous_reset_at,
                       new_reset_at, sent_at, recorded_at, worker_id, left(coalesce(error, ''), 80)
                FROM api.refresh_attempt WHERE account_id = ? ORDER BY recorded_at""";
        try (var connection = Database.superuser(system.postgres); var statement = connection.prepareStatement(sql)) {
            for (Account account : suspects) {
                System.out.println("chaos evidence: " + scenario.name() + " account " + account.id()
                        + (account.oauth() ? " (OAuth)" : " (API key)") + ", reset " + reset + ", stub " + figures(figures, account));
                statement.setObject(1, account.id());
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        var row = new StringBuilder("chaos evidence:   ");
                        for (int column = 1; column <= 12; column++) {
                            row.append(rows.getString(column)).append(column < 12 ? " | " : "");
                        }
                        System.out.println(row);
                    }
                }
            }
        }
    }

    /** The most calls one failing account got, per mode: which policy loops. */
    private static Map<String, Long> perMode(Map<String, StubControl.Figures> figures, List<Account> failing) {
        var perMode = new LinkedHashMap<String, Long>();
        failing.forEach(account -> perMode.merge(account.mode(), figures(figures, account).requests(), Math::max));
        return perMode;
    }

    private Account create(String name, String mode) {
        String key = "sk-ant-chaos-" + UUID.randomUUID();
        if (mode != null) {
            system.stubControl.fault(key, mode, 0);
        }
        var created = system.client.createApiKeyAccount(name, key, system.upstreamUrl());
        return new Account(UUID.fromString(created.get("id").asString()), key, mode, false, false);
    }

    /** An OAuth account whose access token stays valid for the whole run (no token refresh involved). */
    private Account createOAuth(String name) {
        String accessToken = "oauth-chaos-" + UUID.randomUUID();
        var created = system.client.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s", "customEndpoint": "%s"}"""
                .formatted(name, accessToken, "oauth-refresh-chaos-" + UUID.randomUUID(),
                        Instant.now().plus(Duration.ofDays(30)), system.upstreamUrl()));
        return new Account(UUID.fromString(created.get("id").asString()), accessToken, null, true, false);
    }

    /**
     * An OAuth account whose access token has expired: its first lookup rotates it at the stub's token endpoint,
     * and so does every later one (the chaos system's refresh margin outlasts the tokens the stub issues).
     */
    private Account createRotatingOAuth(String name) {
        String refreshToken = "oauth-refresh-chaos-" + UUID.randomUUID();
        var created = system.client.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s", "customEndpoint": "%s"}"""
                .formatted(name, "oauth-expired-chaos-" + UUID.randomUUID(), refreshToken,
                        Instant.now().minus(Duration.ofMinutes(1)), system.upstreamUrl()));
        return new Account(UUID.fromString(created.get("id").asString()), refreshToken, null, true, true);
    }

    private boolean rotationInterrupted(Account account) {
        return "rotation_interrupted".equals(system.client.account(account.id().toString()).get("tokenStatus").asString());
    }

    private static StubControl.Figures figures(Map<String, StubControl.Figures> figures, Account account) {
        return figures.getOrDefault(StubControl.hash(account.key()), StubControl.Figures.NONE);
    }

    private static long calls(Map<String, StubControl.Figures> figures, List<Account> accounts) {
        return accounts.stream().mapToLong(account -> figures(figures, account).requests()).sum();
    }

    /**
     * Attempts that called upstream: every recorded attempt except those that never got credentials (refused, or
     * the api-service unreachable), which the worker reports without calling anyone.
     */
    private long attempts(List<Account> accounts) throws SQLException {
        return count("SELECT count(*) FROM api.refresh_attempt WHERE account_id = ANY(?) AND " + REACHED_UPSTREAM,
                accounts, null);
    }

    /** Attempts recorded as failures although upstream was never called: our own infrastructure failed. */
    private long infrastructureFailures(List<Account> accounts) throws SQLException {
        return count("SELECT count(*) FROM api.refresh_attempt WHERE account_id = ANY(?) AND " + COUNTED_WITHOUT_CALL,
                accounts, null);
    }

    /** Enabled accounts whose next refresh is older than {@code before}: due, and nobody acting on it. */
    private long overdue(List<Account> accounts, Instant before) throws SQLException {
        return count("SELECT count(*) FROM api.account WHERE id = ANY(?) AND auto_refresh_enabled AND next_refresh_at < ?",
                accounts, before);
    }

    private long count(String sql, List<Account> accounts, Instant before) throws SQLException {
        try (var connection = Database.superuser(system.postgres); var statement = connection.prepareStatement(sql)) {
            Array ids = connection.createArrayOf("uuid", accounts.stream().map(Account::id).toArray());
            statement.setArray(1, ids);
            if (before != null) {
                statement.setObject(2, java.time.OffsetDateTime.ofInstant(before, java.time.ZoneOffset.UTC));
            }
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
