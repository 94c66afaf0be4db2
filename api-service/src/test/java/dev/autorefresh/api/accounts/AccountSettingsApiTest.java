package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class AccountSettingsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    ApiClient api;
    String id;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        id = api.createWithApiKey("my-account");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"enabled": 1}     | true
            {"enabled": true}  | true
            {"enabled": 0}     | false
            {"enabled": false} | false
            """)
    void switchesAutoRefreshWithTheGuidesValues(String body, boolean expected) {
        stored("auto_refresh_enabled", !expected);

        JsonNode account = ok(api.post("/api/accounts/" + id + "/auto-refresh", body));

        assertThat(account.get("autoRefreshEnabled").booleanValue()).isEqualTo(expected);
        assertThat(row().get("auto_refresh_enabled")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"enabled": 1}     | true
            {"enabled": true}  | true
            {"enabled": 0}     | false
            {"enabled": false} | false
            """)
    void switchesAutoFallbackWithTheGuidesValues(String body, boolean expected) {
        stored("auto_fallback_enabled", !expected);

        JsonNode account = ok(api.post("/api/accounts/" + id + "/auto-fallback", body));

        assertThat(account.get("autoFallbackEnabled").booleanValue()).isEqualTo(expected);
        assertThat(row().get("auto_fallback_enabled")).isEqualTo(expected);
    }

    @Test
    void logsEachToggleInTheGuidesWords(CapturedOutput output) {
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}");
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 0}");
        api.post("/api/accounts/" + id + "/auto-fallback", "{\"enabled\": 1}");
        api.post("/api/accounts/" + id + "/auto-fallback", "{\"enabled\": 0}");

        assertThat(output.getOut())
                .containsSubsequence("INFO", "Auto-refresh enabled for account 'my-account'")
                .containsSubsequence("INFO", "Auto-refresh disabled for account 'my-account'")
                .containsSubsequence("INFO", "Auto-fallback enabled for account 'my-account'")
                .containsSubsequence("INFO", "Auto-fallback disabled for account 'my-account'");
    }

    @Test
    void enablingAutoRefreshMakesANeverSeenWindowDueAtOnce() {
        JsonNode account = ok(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}"));

        assertThat(account.get("nextRefreshAt").isNull()).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from api.refresh_candidate where id = ?::uuid", Long.class, id))
                .isOne();
    }

    @Test
    void refusesAutoRefreshAndAutoFallbackForOtherProvidersAndChangesNothing() {
        String other = api.create("{\"name\": \"openai-1\", \"provider\": \"openai\", \"apiKey\": \"sk-openai\"}");
        Map<String, Object> before = row(other);

        var refresh = api.post("/api/accounts/" + other + "/auto-refresh", "{\"enabled\": 1}").assertError(400);
        var fallback = api.post("/api/accounts/" + other + "/auto-fallback", "{\"enabled\": true}").assertError(400);

        assertThat(refresh.error()).isEqualTo("Auto-refresh is only available for Anthropic accounts");
        assertThat(fallback.error()).isEqualTo("Auto-fallback is only available for Anthropic accounts");
        assertThat(row(other)).isEqualTo(before);
        assertThat(ok(api.post("/api/accounts/" + other + "/auto-refresh", "{\"enabled\": 0}"))
                .get("autoRefreshEnabled").booleanValue()).isFalse();
    }

    @Test
    void setsAndClearsTheCustomEndpoint() {
        String url = "https://custom.api.endpoint/v1/messages";

        assertThat(ok(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\": \"" + url + "\"}"))
                .get("customEndpoint").stringValue()).isEqualTo(url);
        assertThat(row().get("custom_endpoint")).isEqualTo(url);
        assertThat(ok(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\": null}"))
                .get("customEndpoint").isNull()).isTrue();
        assertThat(row().get("custom_endpoint")).isNull();

        ok(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\": \"http://localhost:9000\"}"));
        assertThat(ok(api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\": \"\"}"))
                .get("customEndpoint").isNull()).isTrue();
        assertThat(row().get("custom_endpoint")).isNull();
    }

    @Test
    void pausesAndResumes() {
        JsonNode paused = ok(api.post("/api/accounts/" + id + "/pause", null));
        assertThat(paused.get("paused").booleanValue()).isTrue();
        assertThat(paused.get("pauseReason").stringValue()).isEqualTo("manual");
        assertThat(row().get("paused")).isEqualTo(true);

        JsonNode resumed = ok(api.post("/api/accounts/" + id + "/resume", null));
        assertThat(resumed.get("paused").booleanValue()).isFalse();
        assertThat(resumed.get("pauseReason").isNull()).isTrue();
        assertThat(row().get("paused")).isEqualTo(false);
    }

    @Test
    void resumingAnAccountPausedByFailuresForgivesThem() {
        jdbc.update("update api.account set paused = true, pause_reason = 'failure_threshold', consecutive_failures = 5"
                + " where id = ?::uuid", id);

        JsonNode resumed = ok(api.post("/api/accounts/" + id + "/resume", null));

        assertThat(resumed.get("paused").booleanValue()).isFalse();
        assertThat(resumed.get("consecutiveFailures").intValue()).isZero();
    }

    @Test
    void changesThePriority() {
        assertThat(ok(api.post("/api/accounts/" + id + "/priority", "{\"priority\": 42}")).get("priority").intValue())
                .isEqualTo(42);
        assertThat(row().get("priority")).isEqualTo(42);
        assertThat(ok(api.post("/api/accounts/" + id + "/priority", "{\"priority\": 100}")).get("priority").intValue())
                .isEqualTo(100);
    }

    @Test
    void renamesAndKeepsNamesUnique() {
        api.createWithApiKey("other");

        assertThat(ok(api.post("/api/accounts/" + id + "/rename", "{\"name\": \"primary.1 A_b\"}"))
                .get("name").stringValue()).isEqualTo("primary.1 A_b");
        assertThat(ok(api.post("/api/accounts/" + id + "/rename", "{\"name\": \"primary.1 A_b\"}"))
                .get("name").stringValue()).isEqualTo("primary.1 A_b");
        Map<String, Object> before = row();

        var conflict = api.post("/api/accounts/" + id + "/rename", "{\"name\": \"other\"}").assertError(409);

        assertThat(conflict.error()).isEqualTo("an account named 'other' already exists");
        assertThat(row()).isEqualTo(before);
    }

    @Test
    void newCredentialsReplaceTheOldOnesAndLiftAReauthenticationBlock() {
        jdbc.update("update api.account set requires_reauth = true where id = ?::uuid", id);
        assertThat(api.get("/api/accounts/" + id).json().get("tokenStatus").stringValue()).isEqualTo("reauth_required");

        JsonNode account = ok(api.post("/api/accounts/" + id + "/credentials", """
                {"accessToken": "sk-ant-oat01-new", "refreshToken": "sk-ant-ort01-new", "expiresAt": "2999-01-01T00:00:00Z"}
                """));

        assertThat(account.get("requiresReauth").booleanValue()).isFalse();
        assertThat(account.get("tokenStatus").stringValue()).isEqualTo("valid");
        assertThat(account.get("authType").stringValue()).isEqualTo("oauth");
        assertThat(storedCredentials()).isEqualTo(new Credentials.OAuth("sk-ant-oat01-new", "sk-ant-ort01-new",
                Instant.parse("2999-01-01T00:00:00Z")));
        assertThat(row().get("api_key")).isNull();

        ok(api.post("/api/accounts/" + id + "/credentials", "{\"apiKey\": \"sk-ant-api03-new\"}"));
        assertThat(storedCredentials()).isEqualTo(new Credentials.ApiKey("sk-ant-api03-new"));
        assertThat(row().get("access_token")).isNull();
        assertThat(row().get("refresh_token")).isNull();
    }

    @Test
    void everyActionAnswersWithTheWholeAccount() {
        for (var action : Map.of("auto-refresh", "{\"enabled\": 1}", "auto-fallback", "{\"enabled\": 0}",
                "custom-endpoint", "{\"customEndpoint\": null}", "pause", "", "resume", "", "priority",
                "{\"priority\": 3}", "rename", "{\"name\": \"my-account\"}", "credentials", "{\"apiKey\": \"k\"}")
                .entrySet()) {
            var reply = api.post("/api/accounts/" + id + "/" + action.getKey(),
                    action.getValue().isEmpty() ? null : action.getValue());
            assertThat(reply.status()).as(action.getKey() + ": " + reply.body()).isEqualTo(200);
            assertThat(reply.json().propertyNames()).containsExactlyElementsOf(AccountApiTest.ACCOUNT_FIELDS);
        }
    }

    private JsonNode ok(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private void stored(String column, boolean value) {
        jdbc.update("update api.account set " + column + " = ? where id = ?::uuid", value, id);
    }

    private Map<String, Object> row() {
        return row(id);
    }

    private Map<String, Object> row(String accountId) {
        return jdbc.queryForMap("select * from api.account where id = ?::uuid", accountId);
    }

    /** Secrets are stored encrypted: read them back the way the service does. */
    private Credentials storedCredentials() {
        return accounts.findById(UUID.fromString(id)).orElseThrow().credentials();
    }
}
