package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
class HealthAndStatsApiTest {

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
    void healthCountsTheAccounts() {
        api.createWithApiKey("one");
        api.createWithApiKey("two");

        var reply = api.get("/health");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode health = reply.json();
        assertThat(health.propertyNames()).containsExactly("status", "accounts", "database", "timestamp");
        assertThat(health.get("status").stringValue()).isEqualTo("ok");
        assertThat(health.get("accounts").longValue()).isEqualTo(2);
        assertThat(health.get("database").stringValue()).isEqualTo("up");
        assertThat(Instant.parse(health.get("timestamp").stringValue()))
                .isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));

        // Without a token (the guide's monitoring command): healthy, and nothing about the accounts.
        JsonNode anonymous = ApiClient.anonymous(port).get("/health").json();
        assertThat(anonymous.get("status").stringValue()).isEqualTo("ok");
        assertThat(anonymous.get("accounts").isNull()).isTrue();
    }

    @Test
    void statsCountAccountsAndTheLastDaysRefreshesByOutcome() {
        String first = api.createWithApiKey("first");
        String second = api.createWithApiKey("second");
        api.createWithApiKey("third");
        api.post("/api/accounts/" + first + "/auto-refresh", "{\"enabled\": 1}");
        api.post("/api/accounts/" + second + "/auto-refresh", "{\"enabled\": 1}");
        Instant now = Instant.now();
        attempt(first, "SUCCESS", now.minusSeconds(60));
        attempt(first, "SUCCESS", now.minus(Duration.ofHours(23)));
        attempt(second, "SUCCESS", now.minusSeconds(5));
        attempt(second, "NETWORK", now.minusSeconds(10));
        attempt(second, "SUCCESS", now.minus(Duration.ofHours(25)));

        JsonNode stats = api.get("/api/stats").json();

        assertThat(stats.propertyNames())
                .containsExactly("accounts", "autoRefreshEnabled", "refreshesLast24h", "successRate", "timestamp");
        assertThat(stats.get("accounts").longValue()).isEqualTo(3);
        assertThat(stats.get("autoRefreshEnabled").longValue()).isEqualTo(2);
        assertThat(stats.get("refreshesLast24h").get("total").longValue()).isEqualTo(4);
        assertThat(stats.get("refreshesLast24h").get("byOutcome").get("SUCCESS").longValue()).isEqualTo(3);
        assertThat(stats.get("refreshesLast24h").get("byOutcome").get("NETWORK").longValue()).isEqualTo(1);
        assertThat(stats.get("refreshesLast24h").get("byOutcome").size()).isEqualTo(2);
        assertThat(stats.get("successRate").doubleValue()).isEqualTo(75.0);
    }

    @Test
    void statsHaveNoSuccessRateBeforeAnyRefresh() {
        api.createWithApiKey("idle");

        JsonNode stats = api.get("/api/stats").json();

        assertThat(stats.get("accounts").longValue()).isEqualTo(1);
        assertThat(stats.get("autoRefreshEnabled").longValue()).isZero();
        assertThat(stats.get("refreshesLast24h").get("total").longValue()).isZero();
        assertThat(stats.get("successRate").isNull()).isTrue();
    }

    @Test
    void healthAndStatsRefuseOtherMethods() {
        api.post("/health", "{}").assertError(405);
        api.delete("/api/stats").assertError(405);
    }

    private void attempt(String accountId, String outcome, Instant recordedAt) {
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, sent_at, recorded_at)"
                + " values (gen_random_uuid(), ?::uuid, ?, ?, ?)", accountId, outcome, Timestamp.from(recordedAt),
                Timestamp.from(recordedAt));
    }
}
