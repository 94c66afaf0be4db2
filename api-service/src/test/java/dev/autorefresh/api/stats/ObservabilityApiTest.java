package dev.autorefresh.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.testsupport.PrometheusScrape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator's tools read: health probes and the Prometheus scrape, over real HTTP. */
@ApiTest
class ObservabilityApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    JsonMapper json;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void readinessCoversTheDatabaseAndTheBrokerAndLivenessNeither() {
        ApiClient.Reply readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        JsonNode ready = readiness.json();
        assertThat(ready.get("status").stringValue()).isEqualTo("UP");
        assertThat(ready.get("components").propertyNames()).containsExactlyInAnyOrder("db", "rabbit", "readinessState");
        assertThat(readiness.body()).doesNotContain("jdbc:", "password", "version");

        ApiClient.Reply liveness = api.get("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    void theScrapeCountsRecordedResultsOnceWithTheirLagAndTheListenerTimings() {
        String name = "metrics-account-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.createWithApiKey(name);
        api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}");
        PrometheusScrape before = PrometheusScrape.of(api);

        Instant reset = Instant.now().minusSeconds(3);
        var updated = new WindowUpdated(UUID.randomUUID(), UUID.fromString(id), reset, reset.plusSeconds(18_000),
                "allowed", 99, 200, "claude-haiku-4-5", reset.plusMillis(1500), 200L, "worker-1", null, null);
        publish(updated);
        publish(updated);
        await().until(() -> jdbc.queryForObject("select count(*) from api.refresh_attempt", Integer.class) == 1);
        // A failure for the window the update recorded (one for the expired window would be history only).
        publish(new RefreshFailed(UUID.randomUUID(), UUID.fromString(id), reset.plusSeconds(18_000),
                FailureKind.NETWORK, null, "timed out", null, Instant.now(), "worker-1"));
        await().until(() -> jdbc.queryForObject("select count(*) from api.refresh_attempt", Integer.class) == 2);

        await().untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.of(api);
            assertThat(delta(before, after, "autorefresh_refreshes_total", "outcome", "SUCCESS")).isEqualTo(1);
            assertThat(delta(before, after, "autorefresh_refreshes_total", "outcome", "NETWORK")).isEqualTo(1);
            assertThat(delta(before, after, "autorefresh_refresh_lag_seconds_count")).isEqualTo(1);
            assertThat(delta(before, after, "autorefresh_refresh_lag_seconds_sum")).isCloseTo(1.5, within(0.01));
            assertThat(after.has("autorefresh_refresh_lag_seconds_bucket", "le", "+Inf")).isTrue();
            // Three deliveries, the duplicate included, each timed by the listener container.
            assertThat(delta(before, after, "spring_rabbitmq_listener_seconds_count",
                    "listener_id", "refresh-results", "result", "success")).isEqualTo(3);
            assertThat(after.sum("autorefresh_accounts", "state", "auto_refresh")).isEqualTo(1);
            assertThat(after.sum("autorefresh_accounts", "state", "all")).isEqualTo(1);
            assertThat(after.has("autorefresh_accounts", "state", "paused")).isTrue();
            assertThat(after.has("autorefresh_accounts", "state", "requires_reauth")).isTrue();
            assertThat(after.text()).doesNotContain(name, id);
        });
    }

    @Test
    void theAccountGaugesTellPausedByTheFailureThresholdFromPausedByAPerson() {
        String byFailures = api.createWithApiKey("threshold-" + UUID.randomUUID().toString().substring(0, 8));
        String byPerson = api.createWithApiKey("manual-" + UUID.randomUUID().toString().substring(0, 8));
        api.createWithApiKey("running-" + UUID.randomUUID().toString().substring(0, 8));
        jdbc.update("update api.account set paused = true, pause_reason = 'failure_threshold' where id = ?::uuid",
                byFailures);
        jdbc.update("update api.account set paused = true, pause_reason = 'manual' where id = ?::uuid", byPerson);

        // The gauges reuse one count for a few seconds: wait for the next one.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.of(api);
            assertThat(scrape.sum("autorefresh_accounts", "state", "all")).isEqualTo(3);
            assertThat(scrape.sum("autorefresh_accounts", "state", "paused")).isEqualTo(2);
            assertThat(scrape.sum("autorefresh_accounts", "state", "paused_failure_threshold")).isEqualTo(1);
        });
    }

    @Test
    void theScrapeCarriesTheServiceNameAndTheHttpServerTimings() {
        api.get("/api/accounts");

        PrometheusScrape scrape = PrometheusScrape.of(api);

        assertThat(scrape.has("http_server_requests_seconds_count", "uri", "/api/accounts",
                "application", "api-service")).isTrue();
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private void publish(Object event) {
        var properties = new MessageProperties();
        properties.setType(Topology.typeName(event.getClass()));
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        rabbit.send(Topology.EXCHANGE, Topology.routingKey(event.getClass()),
                MessageBuilder.withBody(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8))
                        .andProperties(properties).build());
    }
}
