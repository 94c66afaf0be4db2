package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.WindowUpdated;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** The guide's "Enable Auto-Refresh via API" and "Verify Configuration" steps, as its curl and jq commands run them. */
@ApiTest
class GuideFlowTest {

    static final Instant GUIDE_RESET = Instant.parse("2024-12-17T11:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    @Autowired
    TransactionTemplate transactions;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        api.create("{\"name\": \"primary\", \"apiKey\": \"sk-ant-api03-p\", \"priority\": 20}");
        api.create("{\"name\": \"my-account\", \"accessToken\": \"sk-ant-oat01-m\", \"expiresAt\": \"2999-01-01T00:00:00Z\"}");
        windowSeen(transactions, accounts, "my-account", GUIDE_RESET);
    }

    @Test
    void enablesAutoRefreshAsStepTwoAndThreeOfTheGuideShow() {
        // ACCOUNT_ID=$(curl -s http://localhost:8080/api/accounts | jq -r '.[] | select(.name=="my-account") | .id')
        String accountId = select(api.get("/api/accounts").json(), "my-account").get("id").stringValue();

        // curl -X POST .../api/accounts/$ACCOUNT_ID/auto-refresh -H "Content-Type: application/json" -d '{"enabled": 1}'
        var enabled = api.send("POST", "/api/accounts/" + accountId + "/auto-refresh", "application/json",
                "{\"enabled\": 1}");
        assertThat(enabled.status()).isEqualTo(200);

        // curl -s http://localhost:8080/api/accounts | jq '.[] | {name, autoRefreshEnabled, rateLimitReset}'
        JsonNode mine = select(api.get("/api/accounts").json(), "my-account");
        assertThat(mine.get("autoRefreshEnabled").booleanValue()).isTrue();
        assertThat(mine.get("rateLimitReset").stringValue()).isEqualTo("2024-12-17T11:00:00.000Z");
        assertThat(select(api.get("/api/accounts").json(), "primary").get("autoRefreshEnabled").booleanValue())
                .isFalse();

        // watch ... jq ".[] | select(.autoRefreshEnabled == true)"
        assertThat(api.get("/api/accounts").json().values())
                .filteredOn(account -> account.get("autoRefreshEnabled").booleanValue())
                .extracting(account -> account.get("name").stringValue()).containsExactly("my-account");
    }

    @Test
    void answersTheGuidesTroubleshootingFieldsAndItsResponseFormat() {
        JsonNode mine = select(api.get("/api/accounts").json(), "my-account");

        // jq '.[] | {name, provider, autoRefreshEnabled}' and '{name, paused, autoRefreshEnabled}'
        assertThat(mine.get("provider").stringValue()).isEqualTo("anthropic");
        assertThat(mine.get("paused").isBoolean()).isTrue();
        assertThat(mine.get("autoRefreshEnabled").isBoolean()).isTrue();
        // The guide's Response Format
        assertThat(mine.get("id").stringValue()).isEqualTo(UUID.fromString(mine.get("id").stringValue()).toString());
        assertThat(mine.get("name").stringValue()).isEqualTo("my-account");
        assertThat(mine.get("rateLimitStatus").stringValue()).isEqualTo("allowed");
        assertThat(mine.get("rateLimitReset").stringValue()).isEqualTo("2024-12-17T11:00:00.000Z");
        assertThat(mine.get("paused").booleanValue()).isFalse();
    }

    @Test
    void enablesOnlyHighPriorityAccountsAsExampleThreeDoes() {
        api.create("{\"name\": \"low\", \"apiKey\": \"sk-ant-api03-l\", \"priority\": 50}");

        // for account in $(... | jq -r '.[] | select(.priority < 10) | .id'); do curl -X POST ... -d '{"enabled": 1}'; done
        for (JsonNode account : api.get("/api/accounts").json().values()) {
            if (account.get("priority").intValue() < 10) {
                var reply = api.post("/api/accounts/" + account.get("id").stringValue() + "/auto-refresh",
                        "{\"enabled\": 1}");
                assertThat(reply.status()).isEqualTo(200);
            }
        }

        assertThat(api.get("/api/accounts").json().values())
                .filteredOn(account -> account.get("autoRefreshEnabled").booleanValue())
                .extracting(account -> account.get("name").stringValue()).containsExactly("my-account");
    }

    private static JsonNode select(JsonNode list, String name) {
        List<JsonNode> matches = list.values().stream()
                .filter(account -> Objects.equals(account.get("name").stringValue(), name)).toList();
        assertThat(matches).hasSize(1);
        return matches.getFirst();
    }

    /** A refresh result as the results consumer applies it: the account's window is known. */
    static void windowSeen(TransactionTemplate transactions, AccountRepository accounts, String name, Instant reset) {
        transactions.executeWithoutResult(status -> {
            Account account = accounts.findAllByOrderByPriorityAscNameAsc().stream()
                    .filter(candidate -> candidate.name().equals(name)).findFirst().orElseThrow();
            account.applyWindow(new WindowUpdated(UUID.randomUUID(), account.id(), null, reset, "allowed", 10, 200,
                    "claude-haiku-4-5", reset.minusSeconds(18_000), 100, "worker-1", null, null), RefreshPolicy.defaults(),
                    reset.minusSeconds(18_000));
        });
    }
}
