package dev.autorefresh.benchmark.system;

import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * One running copy of the system: the api-service, the schedulers and the workers, each its own JVM from its built
 * jar with a 256 MB heap, on one database of the shared PostgreSQL and on the shared RabbitMQ.
 */
public final class Deployment implements AutoCloseable {

    static final String SERVICE_TOKEN = "bench-service-token-" + UUID.randomUUID();
    /** The api-service's first admin token, as scripts/local and compose give it one; the benchmark calls with it. */
    static final String ADMIN_TOKEN = "art_bench-admin-" + UUID.randomUUID();
    /** The scheduler's own timer of its ticks (claim, publish, await confirms, purge). */
    static final String TICK_METRIC = "autorefresh.scheduler.tick";
    /** The heap limit the memory target is stated for. */
    public static final String HEAP = "-Xmx256m";
    /** Generous: on a 2-core machine shared with builds, five JVMs starting at once can take minutes. */
    private static final Duration STARTUP = Duration.ofMinutes(6);

    /**
     * How the services are configured.
     *
     * @param label             prefix of every process and log name
     * @param schedulers        scheduler-service replicas
     * @param workers           refresh-worker replicas
     * @param tickInterval      the scheduler's tick, or null for its default
     * @param workerConcurrency consumers per worker, or null for the default
     */
    public record Shape(String label, int schedulers, int workers, Duration tickInterval, Integer workerConcurrency) {
    }

    private final Shape shape;
    private final Path logs;
    private final ServiceProcess api;
    private final List<ServiceProcess> schedulers = new ArrayList<>();
    private final List<ServiceProcess> workers = new ArrayList<>();

    private Deployment(Shape shape, Path logs, ServiceProcess api) {
        this.shape = shape;
        this.logs = logs;
        this.api = api;
    }

    /** @param stubOrigin {@code http://127.0.0.1:<port>} of the stub: the accounts' endpoint, allowed like in the demo */
    public static Deployment start(Shape shape, Path repository, Database database, RabbitServer rabbit, Path logs,
            boolean profile, Map<String, String> apiExtraEnvironment, String stubOrigin) {
        Map<String, String> common = Map.of(
                "AUTOREFRESH_ALLOWED_HOSTS", "api.anthropic.com," + stubOrigin,
                "RABBITMQ_HOST", rabbit.host(),
                "RABBITMQ_PORT", Integer.toString(rabbit.port()),
                "RABBITMQ_USERNAME", rabbit.username(),
                "RABBITMQ_PASSWORD", rabbit.password(),
                "AUTOREFRESH_SERVICE_TOKEN", SERVICE_TOKEN,
                "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,metrics,prometheus");
        var apiEnvironment = new HashMap<>(common);
        apiEnvironment.put("DATABASE_URL", database.jdbcUrl());
        apiEnvironment.put("DATABASE_USERNAME", Database.API_ROLE);
        apiEnvironment.put("DATABASE_PASSWORD", Database.API_PASSWORD);
        // Stored API keys are encrypted (AES-GCM) as in production; a fresh key per run.
        apiEnvironment.put("AUTOREFRESH_ENCRYPTION_KEYS", "bench:" + randomKey());
        apiEnvironment.put("AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN", ADMIN_TOKEN);
        // The stub's windows last minutes, not five hours: the hourly bound on paid messages must not cut them off.
        apiEnvironment.put("AUTOREFRESH_REFRESH_MAX_MESSAGES_PER_HOUR", "3600");
        apiEnvironment.putAll(apiExtraEnvironment);
        // The api-service owns the view the schedulers read: it migrates first.
        ServiceProcess api = ServiceProcess.start(shape.label() + "-api-service", jar(repository, "api-service"),
                apiEnvironment, jvmOptions(shape.label() + "-api-service", logs, profile), logs, STARTUP);
        var deployment = new Deployment(shape, logs, api);
        var starting = new ArrayList<CompletableFuture<ServiceProcess>>();
        for (int i = 1; i <= shape.schedulers(); i++) {
            String name = shape.label() + "-scheduler-" + i;
            var environment = new HashMap<>(common);
            environment.put("DATABASE_URL", database.jdbcUrl());
            environment.put("DATABASE_USERNAME", Database.SCHEDULER_ROLE);
            environment.put("DATABASE_PASSWORD", Database.SCHEDULER_PASSWORD);
            environment.put("SCHEDULER_INSTANCE", name);
            // Tick percentiles over a short window, so a burst's long ticks are gone by the time idle ticks are read.
            environment.put("SPRING_APPLICATION_JSON", """
                    {"management": {"metrics": {"distribution": {
                      "percentiles": {"[%1$s]": [0.5, 0.99]},
                      "expiry": {"[%1$s]": "10s"},
                      "buffer-length": {"[%1$s]": 2}}}}}""".formatted(TICK_METRIC));
            if (shape.tickInterval() != null) {
                environment.put("AUTOREFRESH_SCHEDULER_TICK_INTERVAL", shape.tickInterval().toMillis() + "ms");
            }
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name,
                    jar(repository, "scheduler-service"), environment, jvmOptions(name, logs, profile), logs,
                    STARTUP)));
        }
        for (int i = 1; i <= shape.workers(); i++) {
            String name = shape.label() + "-worker-" + i;
            var environment = new HashMap<>(common);
            environment.put("API_SERVICE_URL", api.baseUrl());
            environment.put("WORKER_ID", name);
            if (shape.workerConcurrency() != null) {
                environment.put("AUTOREFRESH_WORKER_CONSUMER_CONCURRENCY", shape.workerConcurrency().toString());
            }
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name,
                    jar(repository, "refresh-worker"), environment, jvmOptions(name, logs, profile), logs,
                    STARTUP)));
        }
        try {
            for (var service : starting) {
                ServiceProcess started = service.join();
                (started.name().contains("-scheduler-") ? deployment.schedulers : deployment.workers).add(started);
            }
        } catch (RuntimeException e) {
            starting.forEach(service -> service.thenAccept(ServiceProcess::close));
            deployment.close();
            throw e;
        }
        return deployment;
    }

    /** The JVM options of every service: the heap limit under test, and a GC log to show what the heap did. */
    public static List<String> jvmOptions(String name, Path logs, boolean profile) {
        var options = new ArrayList<>(List.of(HEAP, "-XX:+UseSerialGC",
                "-Xlog:gc:file=" + logs.resolve(name + "-gc.log") + "::filecount=0"));
        if (profile) {
            // Deep stacks: a request on a virtual thread through Tomcat, Spring and Hibernate is far more than 64 frames.
            options.add("-XX:FlightRecorderOptions:stackdepth=512");
            options.add("-XX:StartFlightRecording=filename=" + logs.resolve(name + ".jfr") + ",settings=profile");
        }
        return options;
    }

    static Path jar(Path repository, String module) {
        Path target = repository.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().matches(module + "(-[0-9].*)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in " + target + ": build first "
                            + "(scripts/benchmark does)"));
        } catch (IOException e) {
            throw new UncheckedIOException("no " + target + ": build first (scripts/benchmark does)", e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public Shape shape() {
        return shape;
    }

    public ApiClient api() {
        return new ApiClient(api.baseUrl(), ADMIN_TOKEN);
    }

    /** Every service with its pid, the api-service first. */
    public List<ServiceProcess> services() {
        var all = new ArrayList<ServiceProcess>();
        all.add(api);
        all.addAll(schedulers);
        all.addAll(workers);
        return all;
    }

    public Path gcLog(ServiceProcess service) {
        return logs.resolve(service.name() + "-gc.log");
    }

    /** The first scheduler's tick timer: every tick that held the lock (claim, publish, await confirms, purge). */
    public TickTimer tickTimer() {
        JsonNode metric = new Http(schedulers.getFirst().baseUrl(), Duration.ofSeconds(10))
                .get("/actuator/metrics/" + TICK_METRIC, 200);
        double count = 0;
        double total = 0;
        double max = 0;
        for (JsonNode measurement : metric.path("measurements")) {
            double value = measurement.path("value").asDouble();
            switch (measurement.path("statistic").asString()) {
                case "COUNT" -> count = value;
                case "TOTAL_TIME" -> total = value;
                case "MAX" -> max = value;
                default -> { }
            }
        }
        return new TickTimer((long) count, total * 1000, max * 1000, percentile(0.5), percentile(0.99));
    }

    /**
     * A tick percentile over the last ~10 s, in ms, from the scheduler's Prometheus scrape (with a Prometheus
     * registry, percentiles are quantiles of the summary, not meters of their own); NaN when it publishes none.
     */
    private double percentile(double phi) {
        String quantile = "quantile=\"" + phi + "\"";
        String name = TICK_METRIC.replace('.', '_') + "_seconds{";
        try {
            String scrape = new Http(schedulers.getFirst().baseUrl(), Duration.ofSeconds(10))
                    .getText("/actuator/prometheus");
            return scrape.lines()
                    .filter(line -> line.startsWith(name) && line.contains(quantile) && line.contains("outcome=\"ok\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000)
                    .max().orElse(Double.NaN);
        } catch (RuntimeException notPublished) {
            return Double.NaN;
        }
    }

    /**
     * @param totalMillis time spent in all ticks so far
     * @param maxMillis   the longest tick of the last ~10 s
     * @param p50Millis   median tick of the last ~10 s
     * @param p99Millis   99th percentile tick of the last ~10 s
     */
    public record TickTimer(long count, double totalMillis, double maxMillis, double p50Millis, double p99Millis) {

        public double meanMillisSince(TickTimer earlier) {
            long ticks = count - earlier.count;
            return ticks == 0 ? Double.NaN : (totalMillis - earlier.totalMillis) / ticks;
        }
    }

    public List<String> deadServices() {
        return services().stream().filter(service -> !service.isAlive()).map(ServiceProcess::name).toList();
    }

    /** Producers first, then consumers, then the api-service, each group in parallel. */
    @Override
    public void close() {
        closeAll(schedulers);
        closeAll(workers);
        api.close();
    }

    private static void closeAll(List<ServiceProcess> services) {
        services.stream().map(service -> CompletableFuture.runAsync(service::close)).toList()
                .forEach(CompletableFuture::join);
    }
}
