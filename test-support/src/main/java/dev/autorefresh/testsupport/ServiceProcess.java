package dev.autorefresh.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our services running as its own JVM from its built jar, as in production: its own process, its own
 * port, its log in a file. Used by the end-to-end tests and the benchmark.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Launch launch;

    /** How the process was started, so that a killed one can be started again the same way. */
    private record Launch(Path jar, Map<String, String> environment, List<String> jvmOptions, Path logDirectory,
            Duration startupTimeout, String healthPath) {
    }

    private ServiceProcess(String name, Process process, Path log, int port, Launch launch) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.launch = launch;
    }

    /**
     * Starts {@code jar} with the given environment (on top of ours) and JVM options, and waits until its
     * {@code /actuator/health} answers UP on {@code PORT}, which is chosen here and passed in the environment.
     */
    public static ServiceProcess start(String name, Path jar, Map<String, String> environment, List<String> jvmOptions,
            Path logDirectory, Duration startupTimeout) {
        return start(name, jar, environment, jvmOptions, logDirectory, startupTimeout, "/actuator/health");
    }

    /** As above, for a process whose health answers {@code "UP"} on another path (the stub upstream's). */
    public static ServiceProcess start(String name, Path jar, Map<String, String> environment, List<String> jvmOptions,
            Path logDirectory, Duration startupTimeout, String healthPath) {
        return launch(name, new Launch(jar, Map.copyOf(environment), List.copyOf(jvmOptions), logDirectory,
                startupTimeout, healthPath), Processes.freePort(), false);
    }

    private static ServiceProcess launch(String name, Launch launch, int port, boolean restarted) {
        Path jar = launch.jar();
        Map<String, String> environment = launch.environment();
        List<String> jvmOptions = launch.jvmOptions();
        Path logDirectory = launch.logDirectory();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " not found; build it first (./mvnw -DskipTests package)");
        }
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            // A restarted process appends to the same log, so one file tells the whole story of a replica.
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            var builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(restarted ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            // A safety net: whatever happens to the tests, no service outlives this JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
            var service = new ServiceProcess(name, process, log, port, launch);
            service.awaitHealthy(launch.startupTimeout());
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + Processes.tail(log));
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + launch.healthPath())).timeout(Duration.ofSeconds(2))
                                .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            // Polling a process we just started; nothing to wait on but time.
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " was not healthy within " + timeout + ":\n" + Processes.tail(log));
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks for a graceful shutdown (SIGTERM), then kills after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    // ---- Faults: what the chaos scenarios do to a running service ----

    /** {@code kill -9}: no shutdown hook, no graceful stop, in-flight work is simply gone. Waits until it is dead. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " (pid " + pid() + ") still alive 10 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /**
     * SIGSTOP: the JVM keeps its sockets open but runs no thread, as under a long GC pause, a stalled VM or a
     * container throttled to nothing. The kernel still accepts connections on its port; nothing answers them.
     */
    public void freeze() {
        Signals.send("STOP", pid());
    }

    /** SIGCONT: a frozen process runs on from where it stopped, its timers suddenly late. */
    public void thaw() {
        Signals.send("CONT", pid());
    }

    /** SIGTERM and wait up to {@code timeout}, without the forcible kill of {@link #close()}; true if it exited. */
    public boolean stopGracefully(Duration timeout) {
        process.destroy();
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The exit code of a process that has ended; -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * Starts this service again with the same jar, environment, options and port (its clients need no new
     * address), its output appended
     * to the same log. The old process must have ended.
     */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running (pid " + pid() + "): kill or stop it first");
        }
        return launch(name, launch, port, true);
    }
}
