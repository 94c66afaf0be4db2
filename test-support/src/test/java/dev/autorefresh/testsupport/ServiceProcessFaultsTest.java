package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process faults act on a real JVM: a tiny HTTP server built into a jar here. */
class ServiceProcessFaultsTest {

    private static final String SOURCE = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class Health {
                public static void main(String[] args) throws Exception {
                    var server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 50);
                    server.createContext("/actuator/health", exchange -> {
                        byte[] body = "{\\"status\\":\\"UP\\"}".getBytes();
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                        exchange.close();
                    });
                    server.start();
                }
            }
            """;

    @TempDir
    static Path directory;
    private static Path jar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @BeforeAll
    static void buildJar() throws IOException {
        Path source = directory.resolve("Health.java");
        Files.writeString(source, SOURCE);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", directory.toString(), source.toString());
        assertThat(compiled).isZero();
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Health");
        jar = directory.resolve("health.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Health.class"));
            out.write(Files.readAllBytes(directory.resolve("Health.class")));
            out.closeEntry();
        }
    }

    @Test
    void aFrozenProcessAcceptsNoAnswerUntilThawed() throws Exception {
        try (var service = start("frozen")) {
            service.freeze();

            assertThatThrownBy(() -> health(service)).isInstanceOf(HttpTimeoutException.class);
            assertThat(service.isAlive()).isTrue();

            service.thaw();
            assertThat(health(service)).isEqualTo(200);
        }
    }

    @Test
    void aKilledProcessIsGoneAtOnceAndRestartsOnTheSamePort() throws Exception {
        var service = start("killed");
        int port = service.port();

        service.kill();

        assertThat(service.isAlive()).isFalse();
        assertThat(service.exitCode()).isEqualTo(137);
        assertThatThrownBy(() -> health(service)).isInstanceOf(IOException.class);
        try (var again = service.restart()) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(again.pid()).isNotEqualTo(service.pid());
            assertThat(health(again)).isEqualTo(200);
        }
    }

    @Test
    void aRunningProcessCannotBeRestarted() {
        try (var service = start("running")) {
            assertThatThrownBy(service::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");
        }
    }

    private ServiceProcess start(String name) {
        return ServiceProcess.start(name, jar, Map.of(), List.of("-Xmx32m"), directory.resolve("logs"),
                Duration.ofSeconds(60));
    }

    private int health(ServiceProcess service) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
