package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The opt-in single-user mode: the guide's curl commands work without a token from this machine, while a web
 * page cannot use the open door (DNS rebinding shows in {@code Host}, a cross-site request in {@code Origin}).
 */
@ApiTest(properties = {
        "autorefresh.api.security.single-user=true", "server.address=127.0.0.1"})
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class SingleUserModeTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aLoopbackRequestWithoutCredentialsActsAsAdmin() {
        ApiClient local = ApiClient.anonymous(port);
        String name = "single-" + System.nanoTime();

        ApiClient.Reply created = local.post("/api/accounts", "{\"name\": \"" + name + "\", \"apiKey\": \"sk-ant-x\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(local.get("/api/me").json().get("name").stringValue()).isEqualTo("single-user");
        assertThat(local.get("/api/me").json().get("role").stringValue()).isEqualTo("admin");
    }

    @Test
    void aForeignHostIsRefusedEvenFromLoopback() throws IOException {
        int accounts = count();

        String answer = raw("POST /api/accounts HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                + "Content-Length: 41\r\nConnection: close\r\n\r\n{\"name\": \"rebound\", \"apiKey\": \"sk-ant-x\"}");

        assertThat(answer).startsWith("HTTP/1.1 403").contains("\"error\"").contains("\"details\"");
        assertThat(raw("GET /api/accounts HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(count()).isEqualTo(accounts);
    }

    @Test
    void aForeignOriginIsRefusedAndALocalOneAccepted() throws IOException {
        int accounts = count();

        String foreign = raw("POST /api/accounts HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: https://evil.example"
                + "\r\nContent-Type: application/json\r\nContent-Length: 41\r\nConnection: close\r\n\r\n"
                + "{\"name\": \"crossed\", \"apiKey\": \"sk-ant-x\"}");

        assertThat(foreign).startsWith("HTTP/1.1 403").contains("Origin");
        assertThat(raw("GET /api/accounts HTTP/1.1\r\nHost: localhost\r\nOrigin: null\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403");
        assertThat(count()).isEqualTo(accounts);
        assertThat(raw("GET /api/accounts HTTP/1.1\r\nHost: [::1]:" + port + "\r\nOrigin: http://127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void aWrongTokenIsStillRefused() {
        new ApiClient(port, "art_not-a-token").get("/api/accounts").assertError(401);
    }

    private int count() {
        return jdbc.queryForObject("select count(*) from api.account", Integer.class);
    }

    /** Exactly these bytes: an HTTP client library would not let a test forge the Host header. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
