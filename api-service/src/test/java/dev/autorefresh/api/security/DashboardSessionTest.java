package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The dashboard's session as a browser holds it (cookies only), without a browser: sign-in, CSRF, revocation. */
@ApiTest
class DashboardSessionTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    FailedAuthentications failures;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

    @BeforeEach
    void setUp() {
        failures.forgetAll();
    }

    @Test
    void aSignedInSessionReadsAndChangesOnlyWithTheCsrfHeaderAndEndsWithItsToken() throws Exception {
        ApiClient admin = new ApiClient(port);
        var created = admin.post("/api/tokens", "{\"name\": \"session-" + System.nanoTime() + "\", \"role\": \"admin\"}");
        String tokenId = created.json().get("id").stringValue();

        HttpResponse<String> signIn = send("POST", "/api/session",
                "{\"token\": \"" + created.json().get("token").stringValue() + "\"}", false);

        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
        assertThat(signIn.headers().allValues("set-cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("AUTOREFRESH_SESSION=").contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(cookie("XSRF-TOKEN")).isNotNull();
        HttpResponse<String> me = send("GET", "/api/me", null, false);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(send("GET", "/api/accounts", null, false).statusCode()).isEqualTo(200);

        HttpResponse<String> noCsrf = send("POST", "/api/tokens", "{\"name\": \"x\", \"role\": \"viewer\"}", false);
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).contains("CSRF");
        HttpResponse<String> withCsrf = send("POST", "/api/tokens",
                "{\"name\": \"via-session-" + System.nanoTime() + "\", \"role\": \"viewer\"}", true);
        assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);

        admin.delete("/api/tokens/" + tokenId);
        assertThat(send("GET", "/api/accounts", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        send("POST", "/api/session", "{\"token\": \"" + ApiClient.ADMIN_TOKEN + "\"}", false);
        assertThat(send("GET", "/api/accounts", null, false).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", "/api/session", null, false).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/session", null, true).statusCode()).isEqualTo(204);

        assertThat(send("GET", "/api/accounts", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongTokenMakesNoSession() throws Exception {
        HttpResponse<String> signIn = send("POST", "/api/session", "{\"token\": \"art_wrong-wrong-wrong\"}", false);

        assertThat(signIn.statusCode()).isEqualTo(401);
        assertThat(cookie("AUTOREFRESH_SESSION")).isNull();
        assertThat(send("POST", "/api/session", "{}", false).statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> send(String method, String path, String body, boolean csrf)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpCookie xsrf = cookie("XSRF-TOKEN");
        if (csrf && xsrf != null) {
            request.header("X-XSRF-TOKEN", xsrf.getValue());
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpCookie cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                .findFirst().orElse(null);
    }
}
