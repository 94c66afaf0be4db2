package dev.autorefresh.e2e;

import static org.awaitility.Awaitility.await;

import dev.autorefresh.testsupport.InfrastructureFaults;
import dev.autorefresh.testsupport.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The matrix: each scenario injects one fault into the running system. */
final class ChaosScenarios {

    /** Longer than the dispatch lease, so the lease runs out while the fault lasts. */
    static final Duration BEYOND_LEASE = ChaosSystem.LEASE.plusSeconds(10);
    static final Duration UPSTREAM_OBSERVATION = Duration.ofSeconds(90);
    private static final String CLAIM_LINE = "account(s) with reset windows for auto-refresh";

    private ChaosScenarios() {
    }

    static List<ChaosScenario> all() {
        return List.of(
                new ChaosScenario("baseline", "none", 1000, Duration.ofSeconds(2), 0, system -> Instant.now(),
                        Map.of(), false, 0, 0, true),
                new ChaosScenario("worker-kill-9-in-flight", "kill -9 of one worker with half the burst's calls (3 s each) in flight",
                        3000, Duration.ofMillis(2500), 0.5, ChaosScenarios::killWorker, Map.of(), true, 0, 0, true),
                new ChaosScenario("worker-stop-beyond-shutdown-timeout",
                        "SIGTERM to one worker while its calls (9 s) outlast its shutdown timeout (5 s)", 9000,
                        Duration.ofMillis(2500), 0.5, ChaosScenarios::stopWorker, Map.of(), true, 0, 0, false),
                new ChaosScenario("api-kill-9-applying-results", "kill -9 of the api-service while results arrive",
                        500, Duration.ofMillis(2000), 0.6, ChaosScenarios::killApi, Map.of(), false, 0, 0, false),
                new ChaosScenario("api-kill-9-rotating-oauth-tokens",
                        "kill -9 of the api-service while it rotates OAuth tokens (the token endpoint answers in 2 s)",
                        2000, Duration.ofMillis(2200), 0, ChaosScenarios::killApi, Map.of(), false, 0, 30, false),
                new ChaosScenario("results-consumer-cut-off",
                        "api-service frozen (SIGSTOP) " + BEYOND_LEASE.toSeconds() + " s, longer than the lease, with results pending",
                        1500, Duration.ofMillis(2200), 0.3, system -> freeze(system.api, BEYOND_LEASE), Map.of(), false, 0, 0, false),
                new ChaosScenario("postgres-restart-under-load", "PostgreSQL restarted (fast) with the burst's calls in flight", 1000,
                        Duration.ofMillis(1800), 0.3, system -> {
                            InfrastructureFaults.restartDatabase();
                            return Instant.now();
                        }, Map.of(), false, 0, 0, false),
                new ChaosScenario("rabbitmq-restart-dispatch-burst", "RabbitMQ restarted as the first calls of the burst arrive", 1000,
                        Duration.ofMillis(1200), 0.05, ChaosScenarios::restartBroker, Map.of(), false, 0, 0, false),
                new ChaosScenario("rabbitmq-restart-calls-in-flight", "RabbitMQ restarted with half the burst's calls (3 s each) in flight",
                        3000, Duration.ofMillis(2500), 0.5, ChaosScenarios::restartBroker, Map.of(), false, 0, 0, false),
                new ChaosScenario("rabbitmq-frozen-30s", "RabbitMQ frozen (SIGSTOP) 30 s as the first calls of the burst arrive", 1000,
                        Duration.ofMillis(1200), 0.05, system -> {
                            InfrastructureFaults.freezeBroker();
                            pause(Duration.ofSeconds(30));
                            InfrastructureFaults.thawBroker();
                            return Instant.now();
                        }, Map.of(), false, 0, 0, false),
                new ChaosScenario("scheduler-frozen-beyond-lease",
                        "the scheduler that dispatched last frozen " + BEYOND_LEASE.toSeconds() + " s at the reset, then resumed",
                        1000, Duration.ofMillis(300), 0, system -> freeze(lastDispatcher(system), BEYOND_LEASE), Map.of(), false,
                        0, 0, false),
                new ChaosScenario("scheduler-kill-9-after-claim", "kill -9 of the active scheduler the moment it logs the claimed (and published) burst",
                        1000, Duration.ofMillis(500), 0, ChaosScenarios::killClaimingScheduler, Map.of(), false, 0, 0, false),
                new ChaosScenario("upstream-fault-modes",
                        "5 accounts each answered: 429 retry-after 0, API-key headers, far-future reset, no headers, unreadable reset,"
                                + " answer lost; watched " + UPSTREAM_OBSERVATION.toSeconds() + " s",
                        500, Duration.ofMillis(500), 0, system -> {
                            // The fault is the accounts' answers; watch them long enough for a policy's floor to show.
                            pause(UPSTREAM_OBSERVATION);
                            return Instant.now();
                        }, upstreamModes(), false, 0, 0, true),
                new ChaosScenario("user-traffic-opens-window",
                        "10 OAuth and 10 API-key accounts get a window opened by their user's own traffic just after the"
                                + " reset, before our dispatch", 500, Duration.ofMillis(100), 0, system -> Instant.now(),
                        Map.of(), false, 10, 0, false));
    }

    private static Map<String, Integer> upstreamModes() {
        var modes = new LinkedHashMap<String, Integer>();
        for (String mode : List.of("retry-after-zero", "api-key-headers", "far-future-reset", "no-headers",
                "unreadable-reset", "answer-lost")) {
            modes.put(mode, 5);
        }
        return modes;
    }

    private static Instant killWorker(ChaosSystem system) {
        system.workers.getFirst().kill();
        system.workers.set(0, system.workers.getFirst().restart());
        return Instant.now();
    }

    private static Instant stopWorker(ChaosSystem system) {
        ServiceProcess worker = system.workers.getFirst();
        if (!worker.stopGracefully(ChaosSystem.WORKER_SHUTDOWN_TIMEOUT.plusSeconds(15))) {
            worker.kill();
        }
        system.workers.set(0, worker.restart());
        return Instant.now();
    }

    private static Instant killApi(ChaosSystem system) {
        system.api.kill();
        system.api = system.api.restart();
        return Instant.now();
    }

    private static Instant restartBroker(ChaosSystem system) {
        InfrastructureFaults.restartBroker();
        return Instant.now();
    }

    private static Instant freeze(ServiceProcess service, Duration howLong) {
        service.freeze();
        try {
            pause(howLong);
        } finally {
            service.thaw();
        }
        return Instant.now();
    }

    /** The replica whose log shows the latest claimed batch: the one most likely to hold the next tick. */
    private static ServiceProcess lastDispatcher(ChaosSystem system) {
        return system.schedulers.stream().max(Comparator.comparing(ChaosScenarios::lastClaimLine)).orElseThrow();
    }

    private static String lastClaimLine(ServiceProcess scheduler) {
        List<String> lines = scheduler.logText().lines().filter(line -> line.contains(CLAIM_LINE)).toList();
        return lines.isEmpty() ? "" : lines.getLast();
    }

    private static Instant killClaimingScheduler(ChaosSystem system) {
        Map<String, Long> before = new LinkedHashMap<>();
        system.schedulers.forEach(s -> before.put(s.name(), claims(s)));
        ServiceProcess claiming = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> system.schedulers.stream().filter(s -> claims(s) > before.get(s.name())).findFirst()
                        .orElse(null), java.util.Objects::nonNull);
        claiming.kill();
        system.schedulers.set(system.schedulers.indexOf(claiming), claiming.restart());
        return Instant.now();
    }

    private static long claims(ServiceProcess scheduler) {
        return scheduler.logText().lines().filter(line -> line.contains(CLAIM_LINE)).count();
    }

    /** The fault's duration is the point here: the process or broker stays frozen this long. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
