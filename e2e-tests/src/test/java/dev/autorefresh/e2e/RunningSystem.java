package dev.autorefresh.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.ServiceProcess;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The whole system, once per test JVM: the api-service, two schedulers and two workers as separate JVMs from
 * their built jars, on the real PostgreSQL and RabbitMQ, with WireMock standing in for Anthropic.
 */
final class RunningSystem {

    static final String SERVICE_TOKEN = "e2e-service-token-" + UUID.randomUUID();
    /** The api-service's bootstrap admin token: every call of {@link ApiClient} carries it, as an operator's would. */
    static final String ADMIN_TOKEN = "art_e2e-admin-" + UUID.randomUUID();
    static final int SCHEDULERS = 2;
    static final int WORKERS = 2;
    /** Bound to every routing key of the exchange, so a test can read every event that crossed the broker. */
    static final String SPY_QUEUE = "e2e.spy";
    /** Where the api-service asks for fresh OAuth tokens: WireMock, beside the fake Anthropic API. */
    static final String TOKEN_PATH = "/v1/oauth/token";
    /** The id of this run's random encryption key; stored secrets start with {@code enc:v1:e2e:}. */
    static final String ENCRYPTION_KEY_ID = "e2e";

    private static RunningSystem instance;
    private static RuntimeException startFailure;
    /** Generous: a busy 2-core machine can take a minute or more to start five JVMs at once. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    final PostgresServer postgres;
    final RabbitServer rabbit;
    final WireMockServer upstream;
    final ServiceProcess api;
    final List<ServiceProcess> schedulers = new ArrayList<>();
    final List<ServiceProcess> workers = new ArrayList<>();
    final ApiClient client;

    static synchronized RunningSystem get() {
        if (startFailure != null) {
            // Fail every later test class at once with the original cause, instead of starting all over again.
            throw new IllegalStateException("the system failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                instance = new RunningSystem();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /** Called when the test session ends, while the broker and database still run (see StopSystemAfterTests). */
    static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
            instance = null;
        }
    }

    private RunningSystem() {
        postgres = TestInfrastructure.postgres();
        rabbit = TestInfrastructure.rabbit();
        Database.provision(postgres);
        upstream = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                .globalTemplating(true));
        upstream.start();

        declareSpyQueue();
        Path logs = Path.of("target", "e2e-logs");
        api = ServiceProcess.start("api-service", jar("api-service"), apiEnvironment(), jvmOptions(), logs,
                STARTUP_TIMEOUT);
        var starting = new ArrayList<CompletableFuture<ServiceProcess>>();
        for (int i = 1; i <= SCHEDULERS; i++) {
            String name = "scheduler-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name, jar("scheduler-service"),
                    schedulerEnvironment(name), jvmOptions(), logs, STARTUP_TIMEOUT)));
        }
        for (int i = 1; i <= WORKERS; i++) {
            String name = "worker-" + i;
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name, jar("refresh-worker"),
                    workerEnvironment(name), jvmOptions(), logs, STARTUP_TIMEOUT)));
        }
        for (var service : starting) {
            ServiceProcess started = service.join();
            (started.name().startsWith("scheduler") ? schedulers : workers).add(started);
        }
        client = new ApiClient(api.baseUrl(), ADMIN_TOKEN);
        // Never in a log or an answer either.
        E2eSupport.SECRETS.add(ADMIN_TOKEN);
        E2eSupport.SECRETS.add(SERVICE_TOKEN);
    }

    com.rabbitmq.client.Connection brokerConnection() throws IOException, java.util.concurrent.TimeoutException {
        var factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setVirtualHost(RabbitServer.VHOST);
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());
        return factory.newConnection("e2e-tests");
    }

    private void declareSpyQueue() {
        try (var connection = brokerConnection(); var channel = connection.createChannel()) {
            channel.exchangeDeclare(dev.autorefresh.events.Topology.EXCHANGE, "topic", true);
            channel.queueDeclare(SPY_QUEUE, true, false, false, null);
            channel.queueBind(SPY_QUEUE, dev.autorefresh.events.Topology.EXCHANGE, "#");
        } catch (IOException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not declare the spy queue", e);
        }
    }

    /** As deployed: each service on the dedicated vhost as its own least-privileged broker user. */
    private Map<String, String> common(RabbitServer.ServiceUser brokerUser) {
        var environment = new HashMap<String, String>();
        environment.put("RABBITMQ_HOST", rabbit.host());
        environment.put("RABBITMQ_PORT", Integer.toString(rabbit.port()));
        environment.put("RABBITMQ_VHOST", RabbitServer.VHOST);
        environment.put("RABBITMQ_USERNAME", brokerUser.username());
        environment.put("RABBITMQ_PASSWORD", brokerUser.password());
        environment.put("AUTOREFRESH_SERVICE_TOKEN", SERVICE_TOKEN);
        // The fake Anthropic API is where every test account points; nothing else on loopback is allowed.
        environment.put("AUTOREFRESH_ALLOWED_HOSTS", "api.anthropic.com," + upstream.baseUrl());
        return environment;
    }

    private Map<String, String> apiEnvironment() {
        var environment = common(RabbitServer.API_SERVICE);
        environment.put("DATABASE_URL", postgres.jdbcUrl());
        environment.put("DATABASE_USERNAME", Database.API_ROLE);
        environment.put("DATABASE_PASSWORD", Database.API_PASSWORD);
        environment.put("AUTOREFRESH_ENCRYPTION_KEYS", ENCRYPTION_KEY_ID + ":" + randomKey());
        environment.put("AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN);
        // A compressed failure policy, so each of its rows can be watched within seconds; WireMock is also the
        // OAuth token endpoint.
        environment.put("SPRING_APPLICATION_JSON", """
                {"autorefresh": {"api": {"refresh": {
                  "backoff": ["1s", "2s", "3s"], "failure-threshold": 3, "probe-interval": "3s",
                  "unmoved-retry-delay": "1s", "max-unmoved-retries": 2, "rate-limited-fallback": "2s",
                  "unavailable-retry-delay": "1s"},
                 "oauth": {"token-url": "%s"}}}}""".formatted(upstream.baseUrl() + TOKEN_PATH));
        return environment;
    }

    private Map<String, String> schedulerEnvironment(String name) {
        var environment = common(RabbitServer.SCHEDULER);
        environment.put("DATABASE_URL", postgres.jdbcUrl());
        environment.put("DATABASE_USERNAME", Database.SCHEDULER_ROLE);
        environment.put("DATABASE_PASSWORD", Database.SCHEDULER_PASSWORD);
        environment.put("SCHEDULER_INSTANCE", name);
        return environment;
    }

    private Map<String, String> workerEnvironment(String name) {
        var environment = common(RabbitServer.WORKER);
        environment.put("API_SERVICE_URL", api.baseUrl());
        environment.put("WORKER_ID", name);
        environment.put("SPRING_APPLICATION_JSON", """
                {"autorefresh": {"worker": {"upstream": {"read-timeout": "1500ms", "connect-timeout": "1s"}}}}""");
        return environment;
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private static List<String> jvmOptions() {
        return List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    }

    static Path jar(String module) {
        Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches(module + "-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in " + target + ": run the build from the root"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + target + ": run the build from the root (./mvnw verify)", e);
        }
    }

    String upstreamUrl() {
        return upstream.baseUrl();
    }

    String allLogs() {
        var text = new StringBuilder(api.logText());
        schedulers.forEach(service -> text.append(service.logText()));
        workers.forEach(service -> text.append(service.logText()));
        return text.toString();
    }

    private void stop() {
        // Producers first, then consumers, each group in parallel.
        closeAll(schedulers);
        closeAll(workers);
        api.close();
        upstream.stop();
    }

    private static void closeAll(List<ServiceProcess> services) {
        services.stream().map(service -> CompletableFuture.runAsync(service::close)).toList()
                .forEach(CompletableFuture::join);
    }
}
