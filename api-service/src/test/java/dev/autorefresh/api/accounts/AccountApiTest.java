package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
class AccountApiTest {

    static final List<String> ACCOUNT_FIELDS = List.of("id", "name", "provider", "autoRefreshEnabled",
            "autoFallbackEnabled", "rateLimitStatus", "rateLimitReset", "rateLimitRemaining", "paused", "pauseReason",
            "priority", "customEndpoint", "authType", "tokenStatus", "tokenExpiresAt", "nextRefreshAt",
            "requiresReauth", "noWindowReason", "consecutiveFailures", "lastRefresh", "createdAt");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void createsAnApiKeyAccountWithDefaultsAndPointsToIt() {
        var reply = api.post("/api/accounts", "{\"name\": \"my-account\", \"apiKey\": \"sk-ant-api03-abc\"}");

        assertThat(reply.status()).isEqualTo(201);
        JsonNode account = reply.json();
        assertThat(account.propertyNames()).containsExactlyElementsOf(ACCOUNT_FIELDS);
        String id = account.get("id").stringValue();
        assertThat(reply.location()).isEqualTo("http://localhost:" + port + "/api/accounts/" + id);
        assertThat(account.get("name").stringValue()).isEqualTo("my-account");
        assertThat(account.get("provider").stringValue()).isEqualTo("anthropic");
        assertThat(account.get("priority").intValue()).isZero();
        assertThat(account.get("authType").stringValue()).isEqualTo("api_key");
        assertThat(account.get("tokenStatus").stringValue()).isEqualTo("valid");
        assertThat(account.get("autoRefreshEnabled").booleanValue()).isFalse();
        assertThat(account.get("autoFallbackEnabled").booleanValue()).isFalse();
        assertThat(account.get("paused").booleanValue()).isFalse();
        assertThat(account.get("rateLimitReset").isNull()).isTrue();
        assertThat(account.get("lastRefresh").isNull()).isTrue();
        assertThat(account.get("customEndpoint").isNull()).isTrue();
        assertThat(account.get("createdAt").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        assertThat(api.get("/api/accounts/" + id).json()).isEqualTo(account);
    }

    @Test
    void createsAnOAuthAccountAndTellsWhetherItsTokenExpired() {
        var valid = api.post("/api/accounts", """
                {"name": "oauth-valid", "provider": "anthropic", "priority": 7,
                 "accessToken": "sk-ant-oat01-a", "refreshToken": "sk-ant-ort01-a", "expiresAt": "2999-01-01T00:00:00Z",
                 "customEndpoint": "https://proxy.example.com/v1/messages"}
                """).json();
        var expired = api.post("/api/accounts", """
                {"name": "oauth-expired", "accessToken": "sk-ant-oat01-b", "expiresAt": "2020-01-01T00:00:00Z"}
                """).json();

        assertThat(valid.get("authType").stringValue()).isEqualTo("oauth");
        assertThat(valid.get("tokenStatus").stringValue()).isEqualTo("valid");
        assertThat(valid.get("tokenExpiresAt").stringValue()).isEqualTo("2999-01-01T00:00:00.000Z");
        assertThat(valid.get("priority").intValue()).isEqualTo(7);
        assertThat(valid.get("customEndpoint").stringValue()).isEqualTo("https://proxy.example.com/v1/messages");
        assertThat(expired.get("tokenStatus").stringValue()).isEqualTo("expired");
    }

    @Test
    void createsAnAccountFromClaudeCodesCredentialsFileAsItIsAndReplacesCredentialsTheSameWay() {
        String credentialsFile = """
                {"claudeAiOauth": {"accessToken": "sk-ant-oat01-cc", "refreshToken": "sk-ant-ort01-cc",
                 "expiresAt": 32503680000000, "scopes": ["user:inference", "user:profile"], "subscriptionType": "max"}}
                """;

        var reply = api.post("/api/accounts?name=my-max", credentialsFile);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode account = reply.json();
        assertThat(account.get("name").stringValue()).isEqualTo("my-max");
        assertThat(account.get("authType").stringValue()).isEqualTo("oauth");
        assertThat(account.get("tokenExpiresAt").stringValue()).isEqualTo("3000-01-01T00:00:00.000Z");
        assertThat(account.toString()).doesNotContain("sk-ant-oat01-cc").doesNotContain("sk-ant-ort01-cc");
        // A name in the body wins over the parameter; the same object replaces an account's credentials.
        var named = api.post("/api/accounts?name=ignored", """
                {"name": "in-body", "claudeAiOauth": {"accessToken": "sk-ant-oat01-b", "expiresAt": 32503680000000}}
                """).json();
        assertThat(named.get("name").stringValue()).isEqualTo("in-body");
        var replaced = api.post("/api/accounts/" + account.get("id").stringValue() + "/credentials", """
                {"claudeAiOauth": {"accessToken": "sk-ant-oat01-new", "refreshToken": "sk-ant-ort01-new",
                 "expiresAt": 4102444800000}}
                """);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("tokenExpiresAt").stringValue()).isEqualTo("2100-01-01T00:00:00.000Z");
    }

    @Test
    void listsAllAccountsAsABareArrayByPriorityThenName() {
        api.create("{\"name\": \"zeta\", \"apiKey\": \"k1\", \"priority\": 1}");
        api.create("{\"name\": \"beta\", \"apiKey\": \"k2\", \"priority\": 5}");
        api.create("{\"name\": \"alpha\", \"apiKey\": \"k3\", \"priority\": 1}");

        var reply = api.get("/api/accounts");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).anyMatch(type -> type.startsWith("application/json"));
        JsonNode list = reply.json();
        assertThat(list.isArray()).isTrue();
        assertThat(list.values()).extracting(account -> account.get("name").stringValue())
                .containsExactly("alpha", "zeta", "beta");
        assertThat(list.get(0).propertyNames()).containsExactlyElementsOf(ACCOUNT_FIELDS);
    }

    @Test
    void pagesTheListInTheSameOrderWhenAskedTo() {
        api.create("{\"name\": \"zeta\", \"apiKey\": \"k1\", \"priority\": 1}");
        api.create("{\"name\": \"beta\", \"apiKey\": \"k2\", \"priority\": 5}");
        api.create("{\"name\": \"alpha\", \"apiKey\": \"k3\", \"priority\": 1}");

        JsonNode first = api.get("/api/accounts?page=0&size=2").json();
        JsonNode second = api.get("/api/accounts?page=1&size=2").json();

        assertThat(first.propertyNames()).containsExactly("items", "page", "size", "total");
        assertThat(first.get("items").values()).extracting(account -> account.get("name").stringValue())
                .containsExactly("alpha", "zeta");
        assertThat(first.get("total").longValue()).isEqualTo(3);
        assertThat(second.get("page").intValue()).isEqualTo(1);
        assertThat(second.get("items").values()).extracting(account -> account.get("name").stringValue())
                .containsExactly("beta");
        assertThat(second.get("items").get(0).propertyNames()).containsExactlyElementsOf(ACCOUNT_FIELDS);
        assertThat(api.get("/api/accounts?size=1").json().get("items").size()).isEqualTo(1);
        for (String bad : new String[] {"page=-1", "size=0", "size=501", "size=abc"}) {
            var refused = api.get("/api/accounts?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void listsNoAccountsAsAnEmptyArray() {
        assertThat(api.get("/api/accounts").body()).isEqualTo("[]");
    }

    @Test
    void deletesAnAccountAndItsHistory() {
        String id = api.createWithApiKey("to-delete");
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, sent_at) values (gen_random_uuid(), ?::uuid, 'SUCCESS', now())", id);

        var reply = api.delete("/api/accounts/" + id);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        api.get("/api/accounts/" + id).assertError(404);
        assertThat(jdbc.queryForObject("select count(*) from api.refresh_attempt", Long.class)).isZero();
        api.delete("/api/accounts/" + id).assertError(404);
    }

    @Test
    void answersNotFoundForAnUnknownOrMalformedId() {
        api.createWithApiKey("present");

        for (String id : List.of("5b2f8a4e-2d6c-4c8e-9f1a-0a1b2c3d4e5f", "not-a-uuid", "1-1-1-1-1", "123")) {
            var reply = api.get("/api/accounts/" + id).assertError(404);
            assertThat(reply.error()).isEqualTo("account not found");
            api.post("/api/accounts/" + id + "/pause", null).assertError(404);
            api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}").assertError(404);
            api.delete("/api/accounts/" + id).assertError(404);
            api.get("/api/accounts/" + id + "/refreshes").assertError(404);
        }
        assertThat(jdbc.queryForObject("select count(*) from api.account", Long.class)).isOne();
    }

    @Test
    void refusesADuplicateNameWithConflict() {
        api.createWithApiKey("taken");

        var reply = api.post("/api/accounts", "{\"name\": \"taken\", \"apiKey\": \"other\"}").assertError(409);

        assertThat(reply.error()).isEqualTo("an account named 'taken' already exists");
        assertThat(jdbc.queryForObject("select count(*) from api.account", Long.class)).isOne();
    }

    @Test
    void concurrentCreatesWithTheSameNameMakeOneAccountAndConflicts() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = "{\"name\": \"racer\", \"apiKey\": \"key-" + i + "\"}";
            creates.add(() -> api.post("/api/accounts", body).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : executor.invokeAll(creates)) {
                statuses.add(status.get());
            }
        }

        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(jdbc.queryForObject("select count(*) from api.account where name = 'racer'", Long.class)).isOne();
    }

    @Test
    void answersMethodNotAllowedForAWrongMethod() {
        String id = api.createWithApiKey("methods");

        var wrong = api.send("PUT", "/api/accounts", "application/json", "{}").assertError(405);
        api.get("/api/accounts/" + id + "/auto-refresh").assertError(405);
        api.delete("/api/accounts").assertError(405);
        api.send("PATCH", "/api/accounts/" + id, "application/json", "{\"name\": \"x\"}").assertError(405);

        assertThat(wrong.json().get("details").get("allowed").values())
                .extracting(JsonNode::stringValue).contains("GET", "POST");
    }

    @Test
    void answersNotFoundInTheSameShapeForAnUnknownPath() {
        api.get("/api/nothing-here").assertError(404);
    }

    @Test
    void keepsTheCreationTimeInTheApiFormat() {
        Instant before = Instant.now().minusSeconds(1);
        String createdAt = api.post("/api/accounts", "{\"name\": \"timed\", \"apiKey\": \"k\"}").json()
                .get("createdAt").stringValue();

        assertThat(Instant.parse(createdAt)).isBetween(before, Instant.now().plusSeconds(1));
    }
}
