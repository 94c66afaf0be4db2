package dev.autorefresh.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.accounts.Fixtures;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.results.RefreshResults;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

@ApiTest(properties = "autorefresh.api.internal.service-token=test-service-token-0123456789abcdef")
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class InternalCredentialsIntegrationTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    RefreshResults results;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

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

    @Test
    void answersABatchOfLookupsInOrderWithOneClaimPerWindow() {
        Account first = fixtures.autoRefreshing("batch-first");
        Account second = fixtures.autoRefreshing("batch-second");
        Account paused = fixtures.autoRefreshing("batch-paused");
        paused.pause(Instant.now());
        fixtures.save(paused);
        UUID refresh = UUID.randomUUID();
        String body = """
                {"lookups": [
                  {"accountId": "%s", "refreshId": "%s"},
                  {"accountId": "%s", "refreshId": "%s"},
                  {"accountId": "%s", "refreshId": "%s"},
                  {"accountId": "%s", "refreshId": "%s"},
                  {"accountId": "%s", "refreshId": "%s"}
                ]}""".formatted(first.id(), refresh, second.id(), UUID.randomUUID(), first.id(), refresh,
                first.id(), UUID.randomUUID(), paused.id(), UUID.randomUUID());

        ResponseEntity<JsonNode> response = post(body, "Bearer test-service-token-0123456789abcdef");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        JsonNode answers = response.getBody().get("answers");
        assertThat(answers.size()).isEqualTo(5);
        assertThat(answers.get(0).get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answers.get(0).get("accountId").asString()).isEqualTo(first.id().toString());
        assertThat(answers.get(0).get("secret").asString()).isEqualTo(Fixtures.SECRET);
        assertThat(answers.get(1).get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answers.get(1).get("accountId").asString()).isEqualTo(second.id().toString());
        // The same delivery twice, and another dispatch of the same window: the first lookup's claim holds.
        assertThat(answers.get(2).get("status").asString()).isEqualTo("IN_FLIGHT");
        assertThat(answers.get(3).get("status").asString()).isEqualTo("IN_FLIGHT");
        assertThat(answers.get(4).get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        for (int i = 2; i < 5; i++) {
            assertThat(answers.get(i).has("secret")).isFalse();
        }
        // The claim is the one a later single lookup finds.
        assertThat(ok(first, UUID.randomUUID(), null).get("status").asString()).isEqualTo("IN_FLIGHT");
    }

    @Test
    void aLookupWhoseSecretCannotBeReadFailsAloneAndGivesUpItsClaim() {
        Account healthy = fixtures.autoRefreshing("batch-healthy");
        Account broken = fixtures.autoRefreshing("batch-broken");
        // Encrypted under a key this service no longer has.
        jdbc.update("update api.account set api_key = 'enc:v1:retired-key:AAAAAAAAAAAAAAAAAAAAAAAA' where id = ?",
                broken.id());
        String body = """
                {"lookups": [{"accountId": "%s", "refreshId": "%s"}, {"accountId": "%s", "refreshId": "%s"}]}"""
                .formatted(broken.id(), UUID.randomUUID(), healthy.id(), UUID.randomUUID());

        ResponseEntity<JsonNode> response = post(body, "Bearer test-service-token-0123456789abcdef");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode answers = response.getBody().get("answers");
        assertThat(answers.get(0).get("status").asString()).isEqualTo("RETRY_LATER");
        assertThat(answers.get(0).has("secret")).isFalse();
        assertThat(answers.get(1).get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(answers.get(1).get("secret").asString()).isEqualTo(Fixtures.SECRET);
        // The broken account's claim was given up: the next lookup is not turned away as in flight.
        assertThat(ok(broken, UUID.randomUUID(), null).get("status").asString()).isEqualTo("RETRY_LATER");
    }

    @Test
    void refusesABatchWithoutTheServiceTokenOrWithABadLookupAndClaimsNothing() {
        Account account = fixtures.autoRefreshing("batch-guarded");
        String good = "{\"accountId\": \"" + account.id() + "\", \"refreshId\": \"" + UUID.randomUUID() + "\"}";

        assertThat(post("{\"lookups\": [" + good + "]}", null).getStatusCode().value()).isEqualTo(401);
        assertThat(post("{\"lookups\": [" + good + "]}", "Bearer not-the-token").getStatusCode().value())
                .isEqualTo(401);
        // The token is checked before the body is read.
        assertThat(post("{not json", null).getStatusCode().value()).isEqualTo(401);
        String token = "Bearer test-service-token-0123456789abcdef";
        for (String bad : new String[] {"{not json", "{\"lookups\": []}", "{}", "[]", "{\"lookups\": [" + good + ", {\"accountId\": \"x\"}]}",
                "{\"lookups\": [" + good + ", {\"accountId\": \"" + account.id() + "\"}]}", "{\"lookups\": [null]}",
                "{\"lookups\": [" + (good + ",").repeat(InternalCredentialsController.MAX_BATCH) + good + "]}"}) {
            ResponseEntity<JsonNode> response = post(bad, token);
            assertThat(response.getStatusCode().value()).as(bad).isEqualTo(400);
            assertThat(response.getBody().get("error").asString()).as(bad).isNotBlank();
        }
        // Nothing was claimed by the refused requests.
        assertThat(ok(account, UUID.randomUUID(), null).get("status").asString()).isEqualTo("ELIGIBLE");
    }

    private ResponseEntity<JsonNode> post(String body, String authorization) {
        var request = http.post().uri("/internal/credentials").header("Content-Type", "application/json").body(body);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.retrieve().toEntity(JsonNode.class);
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
