package dev.autorefresh.api.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The API says how far back history goes, as the purge keeps it. */
@ApiTest
class RetentionApiTest {

    @LocalServerPort
    int port;

    @Test
    void answersHowManyDaysOfRefreshesAndAuditAreKeptAndSinceWhen() {
        Instant before = Instant.now();
        var reply = new ApiClient(port).get("/api/retention");
        Instant after = Instant.now();

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode retention = reply.json();
        assertThat(retention.propertyNames()).containsExactly("refreshAttempts", "audit");
        assertThat(retention.get("refreshAttempts").get("days").longValue()).isEqualTo(30);
        assertThat(retention.get("audit").get("days").longValue()).isEqualTo(365);
        assertThat(Instant.parse(retention.get("refreshAttempts").get("since").stringValue()))
                .isBetween(before.minus(Duration.ofDays(30)).minusMillis(1), after.minus(Duration.ofDays(30)));
        assertThat(Instant.parse(retention.get("audit").get("since").stringValue()))
                .isBetween(before.minus(Duration.ofDays(365)).minusMillis(1), after.minus(Duration.ofDays(365)));
    }
}
