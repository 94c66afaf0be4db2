package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
class RefreshHistoryApiTest {

    static final List<String> ITEM_FIELDS = List.of("refreshId", "outcome", "httpStatus", "error", "previousResetAt",
            "newResetAt", "rateLimitStatus", "rateLimitRemaining", "model", "workerId", "latencyMs", "sentAt",
            "recordedAt", "windowSource", "inputTokens", "outputTokens");
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;
    String id;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        id = api.createWithApiKey("my-account");
    }

    @Test
    void pagesTheAccountsRefreshesNewestFirst() {
        for (int i = 0; i < 25; i++) {
            attempt(id, UUID.randomUUID(), "SUCCESS", T0.plusSeconds(60L * i));
        }
        attempt(api.createWithApiKey("someone-else"), UUID.randomUUID(), "SUCCESS", T0.plusSeconds(99_999));

        JsonNode first = ok("/api/accounts/" + id + "/refreshes?page=0&size=20");
        JsonNode second = ok("/api/accounts/" + id + "/refreshes?page=1&size=20");

        assertThat(first.propertyNames())
                .containsExactly("items", "page", "size", "total", "retainedSince", "retentionDays");
        // The default retention: 30 days of refresh history.
        assertThat(first.get("retentionDays").longValue()).isEqualTo(30);
        assertThat(Instant.parse(first.get("retainedSince").stringValue()))
                .isBetween(Instant.now().minus(Duration.ofDays(30)).minusSeconds(60), Instant.now().minus(Duration.ofDays(30)));
        assertThat(first.get("page").intValue()).isZero();
        assertThat(first.get("size").intValue()).isEqualTo(20);
        assertThat(first.get("total").longValue()).isEqualTo(25);
        assertThat(first.get("items").size()).isEqualTo(20);
        assertThat(second.get("items").size()).isEqualTo(5);
        assertThat(second.get("page").intValue()).isEqualTo(1);
        assertThat(first.get("items").get(0).get("sentAt").stringValue()).isEqualTo("2026-11-01T00:24:00.000Z");
        assertThat(second.get("items").get(4).get("sentAt").stringValue()).isEqualTo("2026-11-01T00:00:00.000Z");
        assertThat(sentTimes(first)).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void defaultsToTheFirstTwentyAndAllowsUpToTwoHundred() {
        for (int i = 0; i < 205; i++) {
            attempt(id, UUID.randomUUID(), "NETWORK", T0.plusSeconds(i));
        }

        JsonNode defaults = ok("/api/accounts/" + id + "/refreshes");
        JsonNode largest = ok("/api/accounts/" + id + "/refreshes?size=200");

        assertThat(defaults.get("page").intValue()).isZero();
        assertThat(defaults.get("size").intValue()).isEqualTo(20);
        assertThat(defaults.get("items").size()).isEqualTo(20);
        assertThat(largest.get("items").size()).isEqualTo(200);
        assertThat(largest.get("total").longValue()).isEqualTo(205);
    }

    @Test
    void showsEveryRecordedDetailOfAnAttempt() {
        UUID success = UUID.randomUUID();
        UUID failure = UUID.randomUUID();
        jdbc.update("""
                insert into api.refresh_attempt (refresh_id, account_id, outcome, http_status, previous_reset_at,
                  new_reset_at, rate_limit_status, rate_limit_remaining, model, worker_id, latency_ms, sent_at, recorded_at)
                values (?, ?::uuid, 'SUCCESS', 200, ?, ?, 'allowed', 42, 'claude-haiku-4-5', 'worker-7', 321, ?, ?)
                """, success, id, ts(T0), ts(T0.plusSeconds(18_000)), ts(T0.plusSeconds(5)), ts(T0.plusSeconds(6)));
        jdbc.update("""
                insert into api.refresh_attempt (refresh_id, account_id, outcome, http_status, error, worker_id, sent_at)
                values (?, ?::uuid, 'UPSTREAM', 529, 'upstream overloaded', 'worker-8', ?)
                """, failure, id, ts(T0.plusSeconds(4)));

        JsonNode items = ok("/api/accounts/" + id + "/refreshes").get("items");

        JsonNode newest = items.get(0);
        assertThat(newest.propertyNames()).containsExactlyElementsOf(ITEM_FIELDS);
        assertThat(newest.get("refreshId").stringValue()).isEqualTo(success.toString());
        assertThat(newest.get("outcome").stringValue()).isEqualTo("SUCCESS");
        assertThat(newest.get("httpStatus").intValue()).isEqualTo(200);
        assertThat(newest.get("error").isNull()).isTrue();
        assertThat(newest.get("previousResetAt").stringValue()).isEqualTo("2026-11-01T00:00:00.000Z");
        assertThat(newest.get("newResetAt").stringValue()).isEqualTo("2026-11-01T05:00:00.000Z");
        assertThat(newest.get("rateLimitStatus").stringValue()).isEqualTo("allowed");
        assertThat(newest.get("rateLimitRemaining").intValue()).isEqualTo(42);
        assertThat(newest.get("model").stringValue()).isEqualTo("claude-haiku-4-5");
        assertThat(newest.get("workerId").stringValue()).isEqualTo("worker-7");
        assertThat(newest.get("latencyMs").longValue()).isEqualTo(321);
        assertThat(newest.get("sentAt").stringValue()).isEqualTo("2026-11-01T00:00:05.000Z");
        assertThat(newest.get("recordedAt").stringValue()).isEqualTo("2026-11-01T00:00:06.000Z");

        JsonNode older = items.get(1);
        assertThat(older.get("outcome").stringValue()).isEqualTo("UPSTREAM");
        assertThat(older.get("httpStatus").intValue()).isEqualTo(529);
        assertThat(older.get("error").stringValue()).isEqualTo("upstream overloaded");
        assertThat(older.get("model").isNull()).isTrue();
    }

    @Test
    void answersAnEmptyPageForAnAccountNeverRefreshed() {
        JsonNode page = ok("/api/accounts/" + id + "/refreshes");

        assertThat(page.get("items").isArray()).isTrue();
        assertThat(page.get("items").size()).isZero();
        assertThat(page.get("total").longValue()).isZero();
    }

    private JsonNode ok(String path) {
        var reply = api.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private void attempt(String accountId, UUID refreshId, String outcome, Instant sentAt) {
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, sent_at) values (?, ?::uuid, ?, ?)",
                refreshId, accountId, outcome, ts(sentAt));
    }

    private static List<Instant> sentTimes(JsonNode page) {
        return page.get("items").values().stream().map(item -> Instant.parse(item.get("sentAt").stringValue())).toList();
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
