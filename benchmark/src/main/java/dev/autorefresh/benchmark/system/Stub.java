package dev.autorefresh.benchmark.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The stub upstream (stub-upstream/README.md) as its own JVM, and its control API: every account's custom
 * endpoint points here, so it sees each dummy message and measures how long after its window's reset it came.
 */
public final class Stub implements AutoCloseable {

    /** One started window that followed a window the stub had reported. */
    public record LagSample(String account, Instant expiredReset, Instant receivedAt, long lagMillis) {
    }

    /** The counters of {@code GET /_stub/stats}. */
    public record Counters(long requests, long accounts, long windowsStarted, long duplicates, long non200) {

        /** The counts since {@code earlier}; {@code accounts} (distinct credentials seen) stays as it is. */
        public Counters minus(Counters earlier) {
            return new Counters(requests - earlier.requests, accounts, windowsStarted - earlier.windowsStarted,
                    duplicates - earlier.duplicates, non200 - earlier.non200);
        }
    }

    private final Process process;
    private final int port;
    private final Http http;

    private Stub(Process process, int port) {
        this.process = process;
        this.port = port;
        this.http = new Http(baseUrl(), Duration.ofSeconds(30));
    }

    public static Stub start(Path jar, Duration latency, Duration window, List<String> jvmOptions, Path logs) {
        int port = Ports.free();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--BIND=127.0.0.1", "--PORT=" + port,
                "--STUB_LATENCY=" + latency.toMillis() + "ms", "--STUB_WINDOW=" + window.toSeconds() + "s",
                "--STUB_WINDOW_MODE=rolling", "--STUB_LOG_REQUESTS=false"));
        try {
            Files.createDirectories(logs);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("stub-upstream.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-stub"));
            var stub = new Stub(process, port);
            stub.awaitHealthy(Duration.ofSeconds(60));
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stub upstream", e);
        }
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the stub upstream exited with " + process.exitValue());
            }
            try {
                http.get("/_stub/health", 200);
                return;
            } catch (RuntimeException notYet) {
                Pause.of(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("the stub upstream was not healthy within " + timeout);
    }

    public String messagesUrl() {
        return baseUrl() + "/v1/messages";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public void rolling(Duration window) {
        configure(Map.of("mode", "rolling", "windowSeconds", window.toSeconds()));
    }

    /** Every window started from now on resets at the next multiple of {@code window} since the epoch. */
    public void aligned(Duration window) {
        configure(Map.of("mode", "aligned", "windowSeconds", window.toSeconds()));
    }

    public void latency(Duration latency) {
        configure(Map.of("latencyMs", latency.toMillis()));
    }

    /** Forgets every window and all statistics; the configuration stays. */
    public void reset() {
        http.post("/_stub/reset", "", 200);
    }

    public Counters counters() {
        return counters(http.get("/_stub/stats", 200));
    }

    /** Every lag sample so far, in arrival order. */
    public List<LagSample> lagSamples() {
        var samples = new ArrayList<LagSample>();
        // The stub hands out at most 100,000 samples per call, from the first; more would need paging it lacks.
        JsonNode stats = http.get("/_stub/stats?samples=true&limit=100000", 200);
        for (JsonNode sample : stats.path("lagSamples")) {
            samples.add(new LagSample(sample.path("account").asString(),
                    Instant.parse(sample.path("expiredReset").asString()),
                    Instant.parse(sample.path("receivedAt").asString()), sample.path("lagMillis").asLong()));
        }
        if (stats.path("lagSamplesTruncated").asBoolean(false)) {
            throw new IllegalStateException("the stub holds more than 100,000 lag samples; run fewer accounts or "
                    + "shorter phases");
        }
        return samples;
    }

    private static Counters counters(JsonNode stats) {
        long non200 = 0;
        for (var entry : stats.path("byStatus").properties()) {
            if (!entry.getKey().equals("200")) {
                non200 += entry.getValue().asLong();
            }
        }
        return new Counters(stats.path("requests").asLong(), stats.path("accounts").asLong(),
                stats.path("windowsStarted").asLong(),
                stats.path("duplicates").asLong(), non200);
    }

    private void configure(Map<String, Object> fields) {
        http.post("/_stub/config", Http.JSON.writeValueAsString(fields), 200);
    }

    /** Scheme, host and port: what the allow-list of credential destinations names. */
    public String origin() {
        return baseUrl();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
