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

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code jar} with the given environment (on top of ours) and JVM options, and waits until its
     * {@code /actuator/health} answers UP on {@code PORT}, which is chosen here and passed in the environment.
     */
    public static ServiceProcess start(String name, Path jar, Map<String, String> environment, List<String> jvmOptions,
            Path logDirectory, Duration startupTimeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " not found; build it first (./mvnw -DskipTests package)");
        }
        int port = Processes.freePort();
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PORT", Integer.toString(port));
            Process process = builder.start();
            // A safety net: whatever happens to the tests, no service outlives this JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-" + name));
            var service = new ServiceProcess(name, process, log, port);
            service.awaitHealthy(startupTimeout);
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
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2))
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
}
