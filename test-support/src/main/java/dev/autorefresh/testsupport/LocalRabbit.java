package dev.autorefresh.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A private RabbitMQ node in a temp directory, on free ports, owned by this JVM. */
final class LocalRabbit {

    private static final Path BIN = Path.of(System.getenv().getOrDefault("RABBITMQ_BIN", "/usr/lib/rabbitmq/bin"));

    private final Path directory;
    private final int port;
    private final Map<String, String> environment;
    private final boolean provision;
    private Process process;

    private LocalRabbit(Path directory, int port, Map<String, String> environment, boolean provision) {
        this.directory = directory;
        this.port = port;
        this.environment = environment;
        this.provision = provision;
    }

    static Optional<Path> findBinaries() {
        return Files.isExecutable(BIN.resolve("rabbitmq-server")) ? Optional.of(BIN) : Optional.empty();
    }

    static LocalRabbit start() {
        return start(Processes.freePort(), null, true);
    }

    /**
     * A node that can join others: nodes of one cluster share an epmd port and an Erlang cookie. Only the first
     * is provisioned (users and virtual hosts are cluster-wide); {@code cookie} null lets Erlang make one.
     */
    static LocalRabbit start(int epmdPort, String cookie, boolean provision) {
        try {
            Path directory = Files.createTempDirectory("autorefresh-rabbit-");
            int port = Processes.freePort();
            // Everything a node reads or writes points into its own directory, so runs never meet.
            var environment = new HashMap<String, String>();
            environment.put("RABBITMQ_NODENAME", "autorefresh-test-" + port + "@localhost");
            environment.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            environment.put("RABBITMQ_NODE_PORT", Integer.toString(port));
            environment.put("RABBITMQ_DIST_PORT", Integer.toString(Processes.freePort()));
            environment.put("ERL_EPMD_PORT", Integer.toString(epmdPort));
            environment.put("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString());
            environment.put("RABBITMQ_LOG_BASE", directory.resolve("log").toString());
            environment.put("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString());
            environment.put("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString());
            environment.put("RABBITMQ_PID_FILE", directory.resolve("rabbit.pid").toString());
            environment.put("HOME", directory.toString());
            Files.writeString(directory.resolve("rabbitmq.conf"), "loopback_users = none\n");
            Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
            if (cookie != null) {
                // Erlang reads the cookie from $HOME and refuses a file others may read.
                Path cookieFile = directory.resolve(".erlang.cookie");
                Files.writeString(cookieFile, cookie);
                Files.setPosixFilePermissions(cookieFile, java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
            }
            var rabbit = new LocalRabbit(directory, port, environment, provision);
            rabbit.launch();
            return rabbit;
        } catch (IOException e) {
            throw new InfrastructureUnavailable("could not prepare a local RabbitMQ", e);
        }
    }

    private void launch() throws IOException {
        // A node killed with -9 leaves its pid file behind; `rabbitmqctl wait` must not read the dead pid.
        Files.deleteIfExists(Path.of(environment.get("RABBITMQ_PID_FILE")));
        Path log = directory.resolve("server.log");
        var builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        try {
            Processes.run(List.of(BIN.resolve("rabbitmqctl").toString(), "wait", "--timeout", "90",
                    environment.get("RABBITMQ_PID_FILE")), environment, directory.resolve("wait.log"), 120);
        } catch (InfrastructureUnavailable e) {
            process.destroyForcibly();
            throw new InfrastructureUnavailable("local RabbitMQ did not start:\n" + Processes.tail(log), e);
        }
        if (provision) {
            provision();
        }
    }

    private void provision() {
        var provisioning = new HashMap<>(environment);
        provisioning.putAll(BrokerProvisioning.environment("guest"));
        provisioning.put("RABBITMQCTL", BIN.resolve("rabbitmqctl").toString());
        Path log = directory.resolve("provision.log");
        try {
            Processes.run(List.of("sh", BrokerProvisioning.script().toString()), provisioning, log, 120);
        } catch (InfrastructureUnavailable e) {
            throw new InfrastructureUnavailable("provisioning the local RabbitMQ failed:\n" + Processes.tail(log), e);
        }
    }

    RabbitServer server() {
        return new RabbitServer("127.0.0.1", port, "guest", "guest");
    }

    String nodeName() {
        return environment.get("RABBITMQ_NODENAME");
    }

    /** Runs rabbitmqctl against this node and returns its output. */
    String ctl(String... arguments) {
        var command = new java.util.ArrayList<String>();
        command.add(BIN.resolve("rabbitmqctl").toString());
        command.addAll(List.of(arguments));
        return Processes.run(command, environment, null, 120);
    }

    /** Makes this (fresh) node a member of {@code other}'s cluster. */
    void join(LocalRabbit other) {
        ctl("stop_app");
        ctl("reset");
        ctl("join_cluster", other.nodeName());
        ctl("start_app");
        ctl("await_startup");
    }

    /** kill -9 of the node's Erlang VM: no goodbye to its peers or its clients. */
    void kill() {
        ProcessHandle.of(beamPid()).ifPresent(beam -> {
            beam.destroyForcibly();
            beam.onExit().join();
        });
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureUnavailable("interrupted while killing the local RabbitMQ", e);
        }
    }

    /** Starts a stopped or killed node again on its own data: it rejoins its cluster. */
    void startAgain() {
        try {
            launch();
        } catch (IOException e) {
            throw new InfrastructureUnavailable("could not start the local RabbitMQ again", e);
        }
    }

    void stop() {
        stop(true);
    }

    /** Stops the node; {@code killEpmd} false leaves the epmd that other nodes of its cluster still use. */
    void stop(boolean killEpmd) {
        try {
            Processes.run(List.of(BIN.resolve("rabbitmqctl").toString(), "stop"), environment, null, 20);
        } catch (InfrastructureUnavailable alreadyStopped) {
            // Stopping on JVM exit: fall through to the forcible stop.
        }
        // The start script runs the Erlang VM as its child: kill that by its pid file, then the script.
        try {
            long beam = Long.parseLong(Files.readString(Path.of(environment.get("RABBITMQ_PID_FILE"))).trim());
            ProcessHandle.of(beam).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException alreadyGone) {
            // no pid file: the node had stopped
        }
        process.destroyForcibly();
        if (!killEpmd) {
            Processes.deleteQuietly(directory);
            return;
        }
        try {
            // epmd outlives the node; it listens on our private port and would otherwise stay behind.
            Processes.run(List.of("epmd", "-kill"), environment, null, 10);
        } catch (InfrastructureUnavailable ignored) {
            // epmd had already gone.
        }
        Processes.deleteQuietly(directory);
    }

    // ---- Faults (chaos scenarios): the same node, same data directory and ports, made unavailable ----

    /** Stops the node as an operator would ({@code rabbitmqctl stop}), then starts it again on its data. */
    void restart() {
        Processes.run(List.of(BIN.resolve("rabbitmqctl").toString(), "stop", environment.get("RABBITMQ_PID_FILE")),
                environment, directory.resolve("restart.log"), 60);
        try {
            process.waitFor();
            launch();
        } catch (IOException e) {
            throw new InfrastructureUnavailable("could not start the local RabbitMQ again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureUnavailable("interrupted while restarting the local RabbitMQ", e);
        }
    }

    /** SIGSTOP to the Erlang VM: connections stay open, the kernel accepts new ones, nothing answers. */
    void freeze() {
        Signals.send("STOP", beamPid());
    }

    void thaw() {
        Signals.send("CONT", beamPid());
    }

    private long beamPid() {
        try {
            return Long.parseLong(Files.readString(Path.of(environment.get("RABBITMQ_PID_FILE"))).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("the local RabbitMQ has no readable pid file", e);
        }
    }
}
