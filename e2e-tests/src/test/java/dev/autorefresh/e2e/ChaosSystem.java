package dev.autorefresh.e2e;

import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.Topology;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.ServiceProcess;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The system the chaos scenarios break: the stub upstream, the api-service, two schedulers and three workers,
 * each its own JVM, on the real PostgreSQL and RabbitMQ. Timings are compressed (a 15 s lease, 15 s windows) so
 * a scenario takes about a minute and a half. The lists hold the current process of each replica: a scenario
 * that kills one puts its restarted successor in its place.
 */
final class ChaosSystem implements AutoCloseable {

    static final int SCHEDULERS = 2;
    static final int WORKERS = 3;
    private static final HttpClient METRICS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Duration LEASE = Duration.ofSeconds(15);
    static final Duration CLAIM_LIFETIME = Duration.ofSeconds(12);
    static final Duration UNAVAILABLE_RETRY_DELAY = Duration.ofSeconds(8);
    static final Duration WORKER_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Consumers per worker. The broker hands a burst to consumers in turn, so with the default 100 per worker a
     * burst of 150 can miss one worker entirely; 50 each spreads every burst of 150 over all three.
     */
    static final int WORKER_CONCURRENCY = 50;
    static final Duration UPSTREAM_READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    final PostgresServer postgres;
    final RabbitServer rabbit;
    final ServiceProcess stub;
    final StubControl stubControl;
    ServiceProcess api;
    final List<ServiceProcess> schedulers = new ArrayList<>();
    final List<ServiceProcess> workers = new ArrayList<>();
    final ApiClient client;

    ChaosSystem() {
        postgres = TestInfrastructure.postgres();
        rabbit = TestInfrastructure.rabbit();
        Database.provision(postgres);
        Path logs = Path.of("target", "chaos-logs");
        stub = ServiceProcess.start("stub-upstream", stubJar(), Map.of("BIND", "127.0.0.1", "STUB_WINDOW", "15s",
                "STUB_WINDOW_MODE", "aligned", "STUB_LOG_REQUESTS", "false"), List.of("-Xmx128m"), logs,
                STARTUP_TIMEOUT, "/_stub/health");
        stubControl = new StubControl(stub.baseUrl());
        api = ServiceProcess.start("api-service", RunningSystem.jar("api-service"), apiEnvironment(), jvmOptions(),
                logs, STARTUP_TIMEOUT);
        var starting = new ArrayList<CompletableFuture<ServiceProcess>>();
        for (int i = 1; i <= SCHEDULERS; i++) {
            String name = "scheduler-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name,
                    RunningSystem.jar("scheduler-service"), schedulerEnvironment(name), jvmOptions(), logs, STARTUP_TIMEOUT)));
        }
        for (int i = 1; i <= WORKERS; i++) {
            String name = "worker-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name,
                    RunningSystem.jar("refresh-worker"), workerEnvironment(name), jvmOptions(), logs, STARTUP_TIMEOUT)));
        }
        for (var service : starting) {
            ServiceProcess started = service.join();
            (started.name().startsWith("scheduler") ? schedulers : workers).add(started);
        }
        client = new ApiClient(api.baseUrl(), RunningSystem.ADMIN_TOKEN);
    }

    String upstreamUrl() {
        return stub.baseUrl() + "/v1/messages";
    }

    /**
     * The dummy-message calls the live workers have completed (answered or not), from their own metrics: the
     * count of {@code autorefresh.worker.upstream.latency} over every status. A restarted worker starts again at 0.
     */
    long workerUpstreamCalls() {
        return sumOverWorkers("autorefresh_worker_upstream_latency_seconds_count");
    }

    /**
     * Waits until no worker has a dummy-message call out. The stub counts a call when it arrives and its worker when
     * it ends, so the two counts compare only between moments with no call out: a slow call of the previous scenario
     * (9 s in one of them) would otherwise be the stub's in that scenario and the workers' in the next.
     */
    void awaitNoUpstreamCallsOut() {
        await("no upstream call out on any worker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> sumOverWorkers("autorefresh_worker_upstream_inflight") == 0);
    }

    private long sumOverWorkers(String metric) {
        long sum = 0;
        for (ServiceProcess worker : workers) {
            HttpResponse<String> scrape;
            try {
                scrape = METRICS.send(HttpRequest.newBuilder(URI.create(worker.baseUrl() + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(worker.name() + " did not answer its metrics scrape", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (scrape.statusCode() != 200) {
                throw new IllegalStateException(worker.name() + " answered its metrics scrape with "
                        + scrape.statusCode());
            }
            sum += scrape.body().lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
        return sum;
    }

    long queueDepth(String queue) {
        try (var connection = brokerConnection(); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("could not read the depth of " + queue, e);
        }
    }

    /** The depths that must be zero when nothing is stuck, and the parking lots (compared before and after). */
    Map<String, Long> depths() {
        var depths = new HashMap<String, Long>();
        for (String queue : List.of(Topology.WORKER_QUEUE, Topology.RESULTS_QUEUE, Topology.WORKER_PARKING_LOT,
                Topology.RESULTS_PARKING_LOT)) {
            depths.put(queue, queueDepth(queue));
        }
        return depths;
    }

    private com.rabbitmq.client.Connection brokerConnection() throws IOException, TimeoutException {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setVirtualHost(RabbitServer.VHOST);
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());
        factory.setConnectionTimeout(5_000);
        // Any node that is up: on a cluster, one may be down for the scenario.
        return factory.newConnection(com.rabbitmq.client.Address.parseAddresses(TestInfrastructure.rabbitAddresses()), "chaos");
    }

    /** Every process that should be running and is not, started again (after a scenario that killed one). */
    void reviveAll() {
        if (!api.isAlive()) {
            api = api.restart();
        }
        replaceDead(schedulers);
        replaceDead(workers);
    }

    private static void replaceDead(List<ServiceProcess> services) {
        for (int i = 0; i < services.size(); i++) {
            if (!services.get(i).isAlive()) {
                services.set(i, services.get(i).restart());
            }
        }
    }

    /** As deployed: each service on the dedicated vhost as its own broker user, credentials only to the stub. */
    private Map<String, String> common(RabbitServer.ServiceUser brokerUser) {
        var environment = new HashMap<String, String>();
        environment.put("RABBITMQ_HOST", rabbit.host());
        environment.put("RABBITMQ_PORT", Integer.toString(rabbit.port()));
        // Every broker node (one unless AUTOREFRESH_TEST_RABBIT_NODES asks for a cluster); takes precedence over host/port.
        environment.put("SPRING_RABBITMQ_ADDRESSES", TestInfrastructure.rabbitAddresses());
        environment.put("RABBITMQ_VHOST", RabbitServer.VHOST);
        environment.put("RABBITMQ_USERNAME", brokerUser.username());
        environment.put("RABBITMQ_PASSWORD", brokerUser.password());
        environment.put("AUTOREFRESH_SERVICE_TOKEN", RunningSystem.SERVICE_TOKEN);
        environment.put("AUTOREFRESH_ALLOWED_HOSTS", "api.anthropic.com," + stub.baseUrl());
        return environment;
    }

    private Map<String, String> apiEnvironment() {
        var environment = common(RabbitServer.API_SERVICE);
        environment.put("AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", RunningSystem.ADMIN_TOKEN);
        // 15-second windows are 240 an hour, not one per five hours: the hourly bound on paid messages must not
        // cut them off (the upstream-fault scenario checks calls per failing account on its own).
        environment.put("AUTOREFRESH_REFRESH_MAX_MESSAGES_PER_HOUR", "3600");
        // A claim must outlive a call (the stub answers within 9 s here) and expire before the lease, so that the
        // lease's re-dispatch resolves a dead worker's claim instead of meeting it as in flight.
        environment.put("AUTOREFRESH_REFRESH_CLAIM_LIFETIME", CLAIM_LIFETIME.toSeconds() + "s");
        // Compressed like the lease (2 min -> 15 s): after our own side was unavailable (no call made) an account
        // waits 1 minute by default, which would outlast the scenarios' bound on its own.
        environment.put("AUTOREFRESH_REFRESH_UNAVAILABLE_RETRY_DELAY", UNAVAILABLE_RETRY_DELAY.toSeconds() + "s");
        // A window we must estimate (a claim taken as sent, a reset we could not read) is estimated at the length
        // windows have here, as the default five hours is their length upstream.
        environment.put("AUTOREFRESH_REFRESH_ESTIMATED_WINDOW", ChaosRun.WINDOW_SECONDS + "s");
        // OAuth tokens rotate at the stub's token endpoint. A margin longer than the 8-hour tokens it issues makes
        // every lookup of an account holding one rotate again, so rotations are in flight at each reset; the other
        // OAuth accounts hold 30-day tokens and never rotate.
        environment.put("AUTOREFRESH_OAUTH_TOKEN_URL", stub.baseUrl() + "/v1/oauth/token");
        environment.put("AUTOREFRESH_OAUTH_REFRESH_MARGIN", "9h");
        environment.put("DATABASE_URL", postgres.jdbcUrl());
        environment.put("DATABASE_USERNAME", Database.API_ROLE);
        environment.put("DATABASE_PASSWORD", Database.API_PASSWORD);
        environment.put("AUTOREFRESH_ENCRYPTION_KEYS", "chaos:" + RunningSystem.randomKey());
        return environment;
    }

    private Map<String, String> schedulerEnvironment(String name) {
        var environment = common(RabbitServer.SCHEDULER);
        environment.put("DATABASE_URL", postgres.jdbcUrl());
        environment.put("DATABASE_USERNAME", Database.SCHEDULER_ROLE);
        environment.put("DATABASE_PASSWORD", Database.SCHEDULER_PASSWORD);
        environment.put("SCHEDULER_INSTANCE", name);
        // The lease must outlast a tick's budget plus its confirm timeout, and the lock must outlast both.
        environment.put("SPRING_APPLICATION_JSON", """
                {"autorefresh": {"scheduler": {"lease": "%ds", "tick-budget": "5s", "confirm-timeout": "5s",
                 "lock-at-most-for": "12s"}}}""".formatted(LEASE.toSeconds()));
        return environment;
    }

    private Map<String, String> workerEnvironment(String name) {
        var environment = common(RabbitServer.WORKER);
        environment.put("API_SERVICE_URL", api.baseUrl());
        environment.put("WORKER_ID", name);
        environment.put("SPRING_APPLICATION_JSON", """
                {"autorefresh": {"worker": {"upstream": {"read-timeout": "%ds", "connect-timeout": "1s"},
                  "consumer": {"shutdown-timeout": "%ds", "concurrency": %d}}},
                 "spring": {"lifecycle": {"timeout-per-shutdown-phase": "%ds"}}}""".formatted(
                UPSTREAM_READ_TIMEOUT.toSeconds(), WORKER_SHUTDOWN_TIMEOUT.toSeconds(), WORKER_CONCURRENCY,
                WORKER_SHUTDOWN_TIMEOUT.toSeconds() + 3));
        return environment;
    }

    private static List<String> jvmOptions() {
        return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    }

    private static Path stubJar() {
        Path jar = Path.of("..", "stub-upstream", "target", "stub-upstream.jar").toAbsolutePath().normalize();
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build stub-upstream first (the reactor does with -am)");
        }
        return jar;
    }

    @Override
    public void close() {
        var all = new ArrayList<ServiceProcess>();
        all.addAll(schedulers);
        all.addAll(workers);
        all.add(api);
        // Producers and consumers together: the run is over, only a clean exit matters.
        all.stream().map(service -> CompletableFuture.runAsync(() -> {
            if (service.isAlive()) {
                service.thaw();
            }
            service.close();
        })).toList().forEach(CompletableFuture::join);
        stub.close();
    }
}
