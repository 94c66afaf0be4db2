package dev.autorefresh.api.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

@ApiTest(properties = "autorefresh.internal.service-token=test-service-token-0123456789abcdef")
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class InternalCredentialsIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    RefreshResults results;

    private RestClient http;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        http = RestClient.builder().baseUrl("http://localhost:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    @Test
    void refusesCallersWithoutTheServiceToken() {
        Account account = fixtures.autoRefreshing("guarded");

        assertThat(get(account, UUID.randomUUID(), null, null).getStatusCode().value()).isEqualTo(401);
        ResponseEntity<JsonNode> wrong = get(account, UUID.randomUUID(), null, "Bearer not-the-token");
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(wrong.getBody().get("error").asString()).contains("service token");
        assertThat(wrong.getBody().toString()).doesNotContain(Fixtures.SECRET);
    }

    @Test
    void handsAnEligibleAccountsSecretAndEndpointToAWorker() {
        Account account = fixtures.autoRefreshing("eligible");

        JsonNode answer = ok(account, UUID.randomUUID(), null);

        assertThat(answer.get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answer.get("authType").asString()).isEqualTo("API_KEY");
        assertThat(answer.get("secret").asString()).isEqualTo(Fixtures.SECRET);
        assertThat(answer.get("accountName").asString()).isEqualTo("eligible");
    }

    @Test
    void handsOAuthAccessTokensWithTheirAuthType() {
        var account = new Account("oauth-one", "anthropic",
                new Credentials.OAuth("oauth-access-token", "oauth-refresh-token", Instant.now().plusSeconds(3600)),
                0, "https://proxy.example/v1/messages", Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        fixtures.save(account);

        JsonNode answer = ok(account, UUID.randomUUID(), null);

        assertThat(answer.get("authType").asString()).isEqualTo("OAUTH");
        assertThat(answer.get("secret").asString()).isEqualTo("oauth-access-token");
        assertThat(answer.get("customEndpoint").asString()).isEqualTo("https://proxy.example/v1/messages");
        assertThat(answer.toString()).doesNotContain("oauth-refresh-token");
    }

    @Test
    void saysNotEligibleForPausedDisabledAndDeletedAccounts() {
        Account paused = fixtures.autoRefreshing("paused");
        paused.pause(Instant.now());
        fixtures.save(paused);
        Account disabled = fixtures.autoRefreshing("disabled");
        disabled.enableAutoRefresh(false, RefreshPolicy.defaults(), Instant.now());
        fixtures.save(disabled);
        var deleted = new Account("never-saved", "anthropic", new Credentials.ApiKey("k"), 0, null, Instant.now());

        for (Account account : new Account[] {paused, disabled, deleted}) {
            JsonNode answer = ok(account, UUID.randomUUID(), null);
            assertThat(answer.get("status").asString()).as(account.name()).isEqualTo("NOT_ELIGIBLE");
            assertThat(answer.has("secret")).isFalse();
        }
    }

    @Test
    void saysAlreadyRefreshedWhenTheRefreshHasAResultOrTheWindowMovedOn() {
        Account account = fixtures.autoRefreshing("done");
        UUID refreshId = UUID.randomUUID();
        Instant expired = Instant.now().minusSeconds(10);
        results.apply(new RefreshFailed(refreshId, account.id(), null, FailureKind.RATE_LIMITED, 429, "429 Too Many Requests",
                Instant.now().plus(Duration.ofMinutes(20)), Instant.now(), "w"));

        assertThat(ok(account, refreshId, expired).get("status").asString()).isEqualTo("ALREADY_REFRESHED");
        assertThat(ok(account, UUID.randomUUID(), expired).get("status").asString()).isEqualTo("ALREADY_REFRESHED");
    }

    @Test
    void treatsADispatchDelayedPastANewerWindowAsStaleAfterThatWindowRanOutToo() {
        Account account = fixtures.autoRefreshing("delayed-dispatch");
        Instant dispatched = Instant.now().minusSeconds(40);
        Instant newer = Instant.now().minusSeconds(10);
        // Another refresh reported the newer window, which has since run out as well.
        results.apply(new WindowUpdated(UUID.randomUUID(), account.id(), dispatched, newer, "allowed", null, 200,
                "m", newer.minusSeconds(20), 5, "w", WindowSource.MESSAGE, UsageCheck.SKIPPED));

        assertThat(ok(account, UUID.randomUUID(), dispatched).get("status").asString()).isEqualTo("ALREADY_REFRESHED");
        assertThat(ok(account, UUID.randomUUID(), newer).get("status").asString()).isEqualTo("ELIGIBLE");
    }

    @Test
    void answersBadParametersWithA400() {
        Account account = fixtures.autoRefreshing("params");

        var response = http.get().uri("/internal/accounts/not-a-uuid/credentials?refreshId=" + UUID.randomUUID())
                .header("Authorization", "Bearer test-service-token-0123456789abcdef").retrieve().toEntity(JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        var noRefresh = http.get().uri("/internal/accounts/{id}/credentials", account.id())
                .header("Authorization", "Bearer test-service-token-0123456789abcdef").retrieve().toEntity(JsonNode.class);
        assertThat(noRefresh.getStatusCode().value()).isEqualTo(400);
        var badInstant = http.get().uri("/internal/accounts/{id}/credentials?refreshId={r}&windowResetAt=yesterday",
                        account.id(), UUID.randomUUID())
                .header("Authorization", "Bearer test-service-token-0123456789abcdef").retrieve().toEntity(JsonNode.class);
        assertThat(badInstant.getStatusCode().value()).isEqualTo(400);
    }

    private JsonNode ok(Account account, UUID refreshId, Instant windowResetAt) {
        ResponseEntity<JsonNode> response = get(account, refreshId, windowResetAt, "Bearer test-service-token-0123456789abcdef");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> get(Account account, UUID refreshId, Instant windowResetAt, String authorization) {
        String uri = "/internal/accounts/" + account.id() + "/credentials?refreshId=" + refreshId
                + (windowResetAt == null ? "" : "&windowResetAt=" + windowResetAt);
        var request = http.get().uri(uri);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.retrieve().toEntity(JsonNode.class);
    }
}
