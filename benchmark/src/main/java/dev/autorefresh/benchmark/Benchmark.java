package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.report.Results;
import dev.autorefresh.benchmark.system.Database;
import dev.autorefresh.benchmark.system.Deployment;
import dev.autorefresh.benchmark.system.GcLog;
import dev.autorefresh.benchmark.system.Machine;
import dev.autorefresh.benchmark.system.ProcessProbe;
import dev.autorefresh.benchmark.system.Stub;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.ServiceProcess;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run: our system (steady state, burst, tick cost), then the single-process baseline, on one machine, one
 * PostgreSQL and one RabbitMQ, the stub standing in for Anthropic.
 */
final class Benchmark {

    private final Options options;
    private final Path logs;
    private final Meter meter = new Meter();
    private final List<Results.ServiceResources> resources = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Benchmark(Options options) {
        this.options = options;
        this.logs = options.repository().resolve("benchmark/target/logs");
    }

    Results run() {
        Instant startedAt = Instant.now();
        Logs.clear(logs);
        double[] loadAtStart = Machine.loadAverage();
        Machine.CpuTime cpuAtStart = Machine.cpuTime();
        Progress.say("load average %.2f %.2f %.2f; starting PostgreSQL and RabbitMQ", loadAtStart[0], loadAtStart[1],
                loadAtStart[2]);
        PostgresServer postgres = TestInfrastructure.postgres();
        RabbitServer rabbit = TestInfrastructure.rabbit();
        Progress.say("PostgreSQL on port %d, RabbitMQ on port %d", postgres.port(), rabbit.port());
        watchInfrastructure(postgres, rabbit);
        meter.watch("benchmark (this JVM)", "harness", ProcessHandle.current().pid(), false);

        Path stubJar = options.repository().resolve("stub-upstream/target/stub-upstream.jar");
        try (Stub stub = Stub.start(stubJar, options.latency(), options.window(),
                Deployment.jvmOptions("stub-upstream", logs, false), logs)) {
            meter.watch("stub-upstream", "upstream", stub.pid(), false);
            Results.RefreshRun ours;
            List<Results.TickCost> cost;
            Database database = Database.provision(postgres, "autorefresh");
            var shape = new Deployment.Shape("ours", options.schedulers(), options.workers(), null,
                options.workerConcurrency());
            Progress.say("starting our system: api-service, %d scheduler(s), %d worker(s)", shape.schedulers(),
                    shape.workers());
            try (Deployment deployment = Deployment.start(shape, options.repository(), database, rabbit, logs,
                    options.profile(), Map.of(), stub.origin())) {
                watch(deployment);
                meter.mark("startup");
                ours = new RefreshPhase("ours", options.accounts(), options.window(),
                        Duration.ofSeconds(options.quick() ? 10 : 15), options.drainTimeout(),
                        meter).run(deployment, stub, database);
                cost = new CostPhase(options.costSizes(), Duration.ofSeconds(options.quick() ? 6 : 15),
                        stub.messagesUrl(), CostPhase.claim(options.repository()), meter).run(deployment, database);
                snapshot(deployment);
            }
            Results.RefreshRun baseline = null;
            if (options.baselineAccounts() > 0) {
                baseline = baseline(postgres, rabbit, stub);
            }
            snapshotStub(stub);
            double[] loadAtEnd = Machine.loadAverage();
            var load = new Results.Load(loadAtStart, loadAtEnd,
                    RefreshPhase.round(Machine.cpuTime().utilisationSince(cpuAtStart)));
            Results.Comparison comparison = baseline == null ? null : Comparison.of(ours, baseline);
            resources.addAll(0, infrastructureResources());
            var results = new Results(startedAt, Instant.now(), Machine.describe(), load, settings(), ours, baseline,
                    comparison, cost, resources, List.of(), notes);
            return Targets.evaluate(results, options);
        }
    }

    /**
     * The guide's single process, built from our services: one scheduler ticking every 60 s and one worker sending
     * one message at a time. Its own database, so nothing of our run is left for it to find.
     */
    private Results.RefreshRun baseline(PostgresServer postgres, RabbitServer rabbit, Stub stub) {
        Database database = Database.provision(postgres, "autorefresh_baseline");
        var shape = new Deployment.Shape("baseline", 1, 1, Duration.ofSeconds(60), 1);
        Progress.say("starting the baseline: api-service, 1 scheduler ticking every 60 s, 1 worker with 1 consumer");
        try (Deployment deployment = Deployment.start(shape, options.repository(), database, rabbit, logs,
                options.profile(), Map.of(), stub.origin())) {
            watch(deployment);
            meter.mark("baseline-startup");
            // A refresh waits up to a whole tick: the last rolling window needs that long to land before the burst.
            Results.RefreshRun run = new RefreshPhase("baseline", options.baselineAccounts(), options.baselineWindow(),
                    Duration.ofSeconds(75), options.drainTimeout().plusSeconds(60), meter)
                    .run(deployment, stub, database);
            snapshot(deployment);
            return run;
        }
    }

    private void watch(Deployment deployment) {
        for (ServiceProcess service : deployment.services()) {
            meter.watch(service.name(), deployment.shape().label(), service.pid(), false);
        }
    }

    private void watchInfrastructure(PostgresServer postgres, RabbitServer rabbit) {
        String port = Integer.toString(postgres.port());
        ProcessProbe.find(cmd -> cmd.contains("postgres") && cmd.contains("-p " + port + " "), env -> true)
                .ifPresentOrElse(pid -> meter.watch("postgresql", "infrastructure", pid, true),
                        () -> notes.add("PostgreSQL's process was not found: its CPU is not reported"));
        String node = "RABBITMQ_NODE_PORT=" + rabbit.port();
        ProcessProbe.find(cmd -> cmd.contains("beam.smp"), env -> env.contains(node + " "))
                .ifPresentOrElse(pid -> meter.watch("rabbitmq", "infrastructure", pid, true),
                        () -> notes.add("RabbitMQ's process was not found: its CPU is not reported"));
    }

    /**
     * Peak memory and heap of each service, read while it still runs. A full collection first: with a
     * generational collector the heap after a young collection still holds the old generation's garbage, so only
     * the heap after a full one is the service's live data.
     */
    private void snapshot(Deployment deployment) {
        meter.mark(deployment.shape().label() + "-end");
        for (ServiceProcess service : deployment.services()) {
            Jcmd.fullGc(service.pid());
        }
        for (ServiceProcess service : deployment.services()) {
            GcLog gc = GcLog.read(deployment.gcLog(service));
            boolean outOfMemory = service.logText().contains("OutOfMemoryError");
            resources.add(new Results.ServiceResources(service.name(), deployment.shape().label(),
                    meter.cpuSeconds(service.name()), round(ProcessProbe.peakRssMiB(service.pid()).orElse(null)),
                    gc.maxAfterGcMiB(), gc.liveMiB(), gc.collections(), outOfMemory, service.isAlive()));
        }
    }

    private void snapshotStub(Stub stub) {
        meter.mark("end");
        resources.add(new Results.ServiceResources("stub-upstream", "upstream", meter.cpuSeconds("stub-upstream"),
                round(ProcessProbe.peakRssMiB(stub.pid()).orElse(null)), null, null, null, false, stub.isAlive()));
    }

    private List<Results.ServiceResources> infrastructureResources() {
        var infrastructure = new ArrayList<Results.ServiceResources>();
        for (String name : meter.names()) {
            String system = meter.system(name);
            if (system.equals("infrastructure") || system.equals("harness")) {
                infrastructure.add(new Results.ServiceResources(name, system, meter.cpuSeconds(name), null, null,
                        null, null, false, true));
            }
        }
        return infrastructure;
    }

    private Map<String, Object> settings() {
        var settings = new LinkedHashMap<String, Object>();
        settings.put("quick", options.quick());
        settings.put("accounts", options.accounts());
        settings.put("workers", options.workers());
        settings.put("schedulers", options.schedulers());
        settings.put("workerConcurrency", options.workerConcurrency() == null ? "default (100)"
                : options.workerConcurrency());
        settings.put("stubLatencyMillis", options.latency().toMillis());
        settings.put("steadyWindowSeconds", options.window().toSeconds());
        settings.put("baselineAccounts", options.baselineAccounts());
        settings.put("baselineWindowSeconds", options.baselineWindow().toSeconds());
        settings.put("costSizes", options.costSizes());
        settings.put("drainTimeoutSeconds", options.drainTimeout().toSeconds());
        settings.put("serviceJvmOptions", String.join(" ", Deployment.jvmOptions("<service>", Path.of(""), false)));
        settings.put("infrastructure", "private PostgreSQL (fsync off) and RabbitMQ from test-support, same machine");
        return settings;
    }

    private static Double round(Double value) {
        return value == null ? null : RefreshPhase.round(value);
    }
}
