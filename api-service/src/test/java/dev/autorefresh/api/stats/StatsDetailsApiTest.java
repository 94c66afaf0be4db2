package dev.autorefresh.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@ApiTest
class StatsDetailsApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;
    String account;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        account = api.createWithApiKey("stats");
    }

    @Test
    void theTimelineCountsTheLastDaysRefreshesPerHourByOutcome() {
        Instant now = Instant.now();
        Instant recent = now.minus(Duration.ofMinutes(30));
        Instant earlier = now.minus(Duration.ofHours(5));
        attempt("SUCCESS", recent, null);
        attempt("SUCCESS", recent, null);
        attempt("NETWORK", recent, null);
        attempt("SUCCESS", earlier, null);
        attempt("SUCCESS", now.minus(Duration.ofHours(25)), null);

        JsonNode timeline = api.get("/api/stats/timeline").json();

        assertThat(timeline.get("bucketSeconds").longValue()).isEqualTo(3600);
        Instant from = Instant.parse(timeline.get("from").stringValue());
        Instant to = Instant.parse(timeline.get("to").stringValue());
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(24));
        assertThat(from.getEpochSecond() % 3600).isZero();
        assertThat(to).isAfter(now).isBeforeOrEqualTo(now.plus(Duration.ofHours(1)));
        JsonNode buckets = timeline.get("buckets");
        assertThat(buckets.size()).isEqualTo(24);
        assertThat(StreamSupport.stream(buckets.spliterator(), false).mapToLong(b -> b.get("total").longValue()).sum())
                .isEqualTo(4);
        JsonNode recentBucket = buckets.get(index(from, recent));
        assertThat(Instant.parse(recentBucket.get("start").stringValue())).isBeforeOrEqualTo(recent);
        assertThat(recentBucket.get("byOutcome").get("SUCCESS").longValue()).isEqualTo(2);
        assertThat(recentBucket.get("byOutcome").get("NETWORK").longValue()).isEqualTo(1);
        assertThat(buckets.get(index(from, earlier)).get("byOutcome").get("SUCCESS").longValue()).isEqualTo(1);
    }

    @Test
    void theTimelineTakesItsPeriodInHours() {
        assertThat(api.get("/api/stats/timeline?hours=6").json().get("bucketSeconds").longValue()).isEqualTo(900);
        assertThat(api.get("/api/stats/timeline?hours=168").json().get("bucketSeconds").longValue()).isEqualTo(25_200);
    }

    @Test
    void theTimelineRefusesAPeriodOutsideOneHourToOneWeek() {
        assertThat(api.get("/api/stats/timeline?hours=0").assertError(400).error())
                .isEqualTo("hours must be an integer from 1 to 168");
        api.get("/api/stats/timeline?hours=169").assertError(400);
        assertThat(api.get("/api/stats/timeline?hours=day").assertError(400).error()).contains("hours");
    }

    @Test
    void theLagSummarisesTheLastHoursWindowUpdates() {
        Instant reset = Instant.now().minus(Duration.ofMinutes(10));
        attempt("SUCCESS", Instant.now(), reset, reset.plusMillis(1000));
        attempt("SUCCESS", Instant.now(), reset, reset.plusMillis(2000));
        attempt("UNCHANGED", Instant.now(), reset, reset.plusMillis(10_000));
        attempt("SUCCESS", Instant.now().minus(Duration.ofHours(2)), reset, reset.plusSeconds(600));
        attempt("NETWORK", Instant.now(), null);

        JsonNode lag = api.get("/api/stats/lag").json();

        assertThat(lag.get("refreshes").longValue()).isEqualTo(3);
        assertThat(lag.get("p50Ms").longValue()).isEqualTo(2000);
        assertThat(lag.get("p95Ms").longValue()).isEqualTo(9200);
        assertThat(lag.get("maxMs").longValue()).isEqualTo(10_000);
    }

    @Test
    void theLagCountsEligibleAccountsThatAreDue() {
        api.post("/api/accounts/" + account + "/auto-refresh", "{\"enabled\": 1}");
        String other = api.createWithApiKey("also-due");
        api.post("/api/accounts/" + other + "/auto-refresh", "{\"enabled\": 1}");
        api.createWithApiKey("auto-refresh-off");

        JsonNode lag = api.get("/api/stats/lag").json();

        assertThat(lag.get("dueNow").longValue()).isEqualTo(2);
        assertThat(Instant.parse(lag.get("oldestDueAt").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(lag.get("refreshes").longValue()).isZero();
        assertThat(lag.get("p50Ms").isNull()).isTrue();
    }

    private static int index(Instant from, Instant at) {
        return (int) (Duration.between(from, at).toSeconds() / 3600);
    }

    private void attempt(String outcome, Instant recordedAt, Instant previousReset) {
        attempt(outcome, recordedAt, previousReset, recordedAt);
    }

    private void attempt(String outcome, Instant recordedAt, Instant previousReset, Instant sentAt) {
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, previous_reset_at, sent_at,"
                + " recorded_at) values (gen_random_uuid(), ?::uuid, ?, ?, ?, ?)", account, outcome,
                previousReset == null ? null : Timestamp.from(previousReset), Timestamp.from(sentAt),
                Timestamp.from(recordedAt));
    }
}
