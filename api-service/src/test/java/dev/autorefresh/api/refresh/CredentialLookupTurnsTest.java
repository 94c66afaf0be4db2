package dev.autorefresh.api.refresh;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.testsupport.RealInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Credential lookups take turns: with one turn, a lookup that holds it (an OAuth token refresh against a slow
 * token endpoint) makes the next one wait, and a lookup that waits longer than the configured wait is answered 503
 * with Retry-After and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "autorefresh.internal.service-token=test-service-token",
        "autorefresh.internal.max-concurrent-lookups=1",
        "autorefresh.internal.lookup-wait=1500ms",
        "autorefresh.oauth.client-id=test-client-id"})
@RealInfrastructure
@DirtiesContext
class CredentialLookupTurnsTest {

    private static final String TOKEN_PATH = "/v1/oauth/token";
    private static final WireMockServer tokenEndpoint = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort());

    static {
        tokenEndpoint.start();
    }

    @DynamicPropertySource
    static void tokenUrl(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.oauth.token-url", () -> tokenEndpoint.baseUrl() + TOKEN_PATH);
    }

    @AfterAll
    static void stopTokenEndpoint() {
        tokenEndpoint.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    AccountRepository accounts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        tokenEndpoint.resetAll();
    }

    @Test
    void aLookupThatFindsNoTurnWithinTheWaitIsAnswered503AndChangesNothing() {
        Account slow = account("slow-token", new Credentials.OAuth("sk-ant-oat01-old", "sk-ant-ort01-old",
                Instant.now().minusSeconds(1)));
        Account waiting = account("waiting", new Credentials.ApiKey("sk-ant-api03-waiting"));
        tokenEndpoint.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"token_type": "Bearer", "access_token": "sk-ant-oat01-new", "refresh_token": "sk-ant-ort01-new",
                 "expires_in": 28800}""").withFixedDelay(4000)));
        String before = rawRow(waiting);

        CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> lookup(slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> !tokenEndpoint.getAllServeEvents().isEmpty());
        HttpResponse<String> turned = lookup(waiting);

        assertThat(turned.statusCode()).isEqualTo(503);
        assertThat(turned.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(turned.body()).contains("\"error\"").contains("too many credential lookups").contains("1500 ms")
                .doesNotContain("sk-ant-");
        assertThat(rawRow(waiting)).isEqualTo(before);
        assertThat(holder.join().statusCode()).isEqualTo(200);
        assertThat(holder.join().body()).contains("sk-ant-oat01-new");
    }

    @Test
    void aLookupWaitsForTheTurnAndIsServedOnceItIsFree() {
        Account slow = account("slow-token", new Credentials.OAuth("sk-ant-oat01-old", "sk-ant-ort01-old",
                Instant.now().minusSeconds(1)));
        Account waiting = account("waiting", new Credentials.ApiKey("sk-ant-api03-waiting"));
        tokenEndpoint.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(okJson("""
                {"token_type": "Bearer", "access_token": "sk-ant-oat01-new", "expires_in": 28800}""")
                .withFixedDelay(800)));

        CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> lookup(slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> !tokenEndpoint.getAllServeEvents().isEmpty());
        assertThat(holder).as("the first lookup still holds the only turn").isNotDone();
        HttpResponse<String> served = lookup(waiting);

        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("\"status\":\"ELIGIBLE\"").contains("sk-ant-api03-waiting");
        assertThat(holder.join().statusCode()).isEqualTo(200);
    }

    private Account account(String name, Credentials credentials) {
        var account = new Account(name, "anthropic", credentials, 0, null, Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        transactions.executeWithoutResult(status -> accounts.save(account));
        return account;
    }

    private String rawRow(Account account) {
        return jdbc.queryForObject("select t::text from api.account t where id = ?", String.class, account.id());
    }

    /** What a worker does: {@code GET /internal/accounts/{id}/credentials} with the service token. */
    private HttpResponse<String> lookup(Account account) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/accounts/"
                        + account.id() + "/credentials?refreshId=" + UUID.randomUUID()))
                .header("Authorization", "Bearer test-service-token")
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
