package dev.autorefresh.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
class AuditTrailApiTest {

    private static final String KEY = "sk-ant-api03-audit-canary-key";
    private static final String NEW_TOKEN = "sk-ant-oat01-audit-canary-token";
    private static final String QUERY_KEY = "query-canary";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        jdbc.update("delete from api.account_audit");
        api = new ApiClient(port);
    }

    @Test
    void everyChangeIsRecordedWithWhoWhenAndBeforeAfterButNeverASecret() {
        String id = api.create("""
                {"name": "audited", "apiKey": "%s", "customEndpoint": "https://proxy.example/v1/messages"}""".formatted(KEY));
        ok(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}"));
        ok(api.post("/api/accounts/" + id + "/auto-fallback", "{\"enabled\": true}"));
        ok(api.post("/api/accounts/" + id + "/custom-endpoint",
                "{\"customEndpoint\": \"https://proxy.example.com/v1/messages?key=" + QUERY_KEY + "\"}"));
        ok(api.post("/api/accounts/" + id + "/pause", null));
        ok(api.post("/api/accounts/" + id + "/resume", null));
        ok(api.post("/api/accounts/" + id + "/credentials", """
                {"accessToken": "%s", "expiresAt": "2030-01-01T00:00:00Z"}""".formatted(NEW_TOKEN)));
        ok(api.post("/api/accounts/" + id + "/priority", "{\"priority\": 7}"));
        ok(api.post("/api/accounts/" + id + "/rename", "{\"name\": \"audited-2\"}"));
        assertThat(api.delete("/api/accounts/" + id).status()).isEqualTo(204);

        ApiClient.Reply reply = api.get("/api/accounts/" + id + "/audit");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).doesNotContain(KEY).doesNotContain(NEW_TOKEN).doesNotContain(QUERY_KEY);
        List<JsonNode> entries = list(reply.json());
        assertThat(entries).extracting(entry -> entry.get("action").stringValue()).containsExactly(
                "deleted", "renamed", "priority_changed", "credentials_replaced", "resumed", "paused",
                "custom_endpoint_changed", "auto_fallback_changed", "auto_refresh_changed", "created");
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.get("actor").stringValue()).isEqualTo("bootstrap");
            assertThat(entry.get("accountId").stringValue()).isEqualTo(id);
            assertThat(entry.get("at").stringValue()).isNotBlank();
        });

        JsonNode created = entries.getLast().get("changes");
        assertThat(created.get("name").get("after").stringValue()).isEqualTo("audited");
        assertThat(created.get("authType").get("after").stringValue()).isEqualTo("api_key");
        assertThat(created.get("credentials").stringValue()).isEqualTo("replaced");
        JsonNode endpoint = changes(entries, "custom_endpoint_changed").get("customEndpoint");
        assertThat(endpoint.get("before").stringValue()).isEqualTo("https://proxy.example/v1/messages");
        assertThat(endpoint.get("after").stringValue()).isEqualTo("https://proxy.example.com/v1/messages?[redacted]");
        JsonNode autoRefresh = changes(entries, "auto_refresh_changed").get("autoRefreshEnabled");
        assertThat(autoRefresh.get("before").booleanValue()).isFalse();
        assertThat(autoRefresh.get("after").booleanValue()).isTrue();
        assertThat(changes(entries, "paused").get("paused").get("after").stringValue()).isEqualTo("manual");
        assertThat(changes(entries, "resumed").get("paused").get("after").booleanValue()).isFalse();
        JsonNode credentials = changes(entries, "credentials_replaced");
        assertThat(credentials.get("credentials").stringValue()).isEqualTo("replaced");
        assertThat(credentials.get("authType").get("before").stringValue()).isEqualTo("api_key");
        assertThat(credentials.get("authType").get("after").stringValue()).isEqualTo("oauth");
        assertThat(changes(entries, "priority_changed").get("priority").get("after").intValue()).isEqualTo(7);
        assertThat(changes(entries, "renamed").get("name").get("before").stringValue()).isEqualTo("audited");
        assertThat(changes(entries, "deleted").get("name").get("before").stringValue()).isEqualTo("audited-2");

        String stored = String.join("\n", jdbc.queryForList("select changes from api.account_audit", String.class));
        assertThat(stored).doesNotContain(KEY).doesNotContain(NEW_TOKEN).doesNotContain(QUERY_KEY);
    }

    @Test
    void aRefusedChangeLeavesNoEntry() {
        String id = api.create("{\"name\": \"other-provider\", \"provider\": \"openai\", \"apiKey\": \"" + KEY + "\"}");

        assertThat(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}").status()).isEqualTo(400);
        assertThat(api.post("/api/accounts/" + id + "/custom-endpoint",
                "{\"customEndpoint\": \"https://evil.example/v1/messages\"}").status()).isEqualTo(400);

        assertThat(list(api.get("/api/accounts/" + id + "/audit").json()))
                .extracting(entry -> entry.get("action").stringValue()).containsExactly("created");
    }

    @Test
    void theWholeTrailIsReadableNewestFirstWithALimit() {
        String first = api.createWithApiKey("first");
        String second = api.createWithApiKey("second");
        ok(api.post("/api/accounts/" + first + "/pause", null));

        List<JsonNode> latest = list(api.get("/api/audit?limit=2").json());

        assertThat(latest).extracting(entry -> entry.get("accountId").stringValue()).containsExactly(first, second);
        assertThat(latest).extracting(entry -> entry.get("action").stringValue()).containsExactly("paused", "created");
        assertThat(list(api.get("/api/audit").json())).hasSize(3);
    }

    @Test
    void aLimitOutOfRangeIsABadRequest() {
        for (String limit : new String[] {"0", "501", "-1"}) {
            ApiClient.Reply reply = api.get("/api/audit?limit=" + limit);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("error").stringValue()).contains("limit");
        }
        assertThat(api.get("/api/accounts/not-a-uuid/audit").status()).isEqualTo(404);
    }

    private static JsonNode ok(ApiClient.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static JsonNode changes(List<JsonNode> entries, String action) {
        return entries.stream().filter(entry -> entry.get("action").stringValue().equals(action)).findFirst()
                .orElseThrow().get("changes");
    }
}
