package dev.autorefresh.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.testsupport.PrometheusScrape;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What refreshes cost and saved, end to end inside the api-service: results arrive over the real broker, a
 * duplicate credentials request is answered IN_FLIGHT by the real endpoint, and the figures come back from the REST
 * API and the Prometheus scrape.
 */
@ApiTest(properties = "autorefresh.api.internal.service-token=" + CostApiTest.SERVICE_TOKEN)
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class CostApiTest {

    static final String SERVICE_TOKEN = "test-service-token-0123456789abcdef";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    JsonMapper json;

    ApiClient api;
    final Instant expired = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void tokensAreRecordedAndSummedAndWhatWasAvoidedIsCountedPerAccountAndInTotal() {
        UUID paying = UUID.fromString(api.createWithApiKey("paying"));
        UUID checked = UUID.fromString(api.createWithApiKey("checked"));
        PrometheusScrape before = PrometheusScrape.of(api);
        // A duplicate request for a window whose claim lives: answered IN_FLIGHT, nothing spent.
        api.post("/api/accounts/" + paying + "/auto-refresh", "{\"enabled\": true}");
        assertThat(credentials(paying, UUID.randomUUID()).get("status").asString()).isEqualTo("ELIGIBLE");
        assertThat(credentials(paying, UUID.randomUUID()).get("status").asString()).isEqualTo("IN_FLIGHT");

        publish(paid(paying, 12, 10));
        publish(paid(paying, 14, 10));
        publish(paid(checked, null, null));
        publish(new WindowUpdated(UUID.randomUUID(), checked, expired, Instant.now().plus(Duration.ofHours(4)), null,
                null, 200, null, Instant.now(), 20, "test-worker", WindowSource.USAGE_CHECK, UsageCheck.OPEN));
        await().until(() -> attempts() == 4);

        JsonNode mine = api.get("/api/accounts/" + paying + "/cost").json();
        assertThat(mine.get("accountId").asString()).isEqualTo(paying.toString());
        for (String period : new String[] {"24h", "7d", "30d"}) {
            JsonNode figures = mine.get("periods").get(period);
            assertThat(figures.get("messagesSent").longValue()).as(period).isEqualTo(2);
            assertThat(figures.get("inputTokens").longValue()).as(period).isEqualTo(26);
            assertThat(figures.get("outputTokens").longValue()).as(period).isEqualTo(20);
            assertThat(figures.get("tokensPerMessage").doubleValue()).as(period).isEqualTo(23.0);
            assertThat(figures.get("avoided").get("inFlight").longValue()).as(period).isEqualTo(1);
            assertThat(figures.get("avoided").get("usageCheck").longValue()).as(period).isZero();
        }
        JsonNode total = api.get("/api/cost").json().get("periods").get("24h");
        assertThat(total.get("messagesSent").longValue()).isEqualTo(3);
        assertThat(total.get("inputTokens").longValue()).isEqualTo(26);
        // Only the two answers that reported their usage count for the average.
        assertThat(total.get("tokensPerMessage").doubleValue()).isEqualTo(23.0);
        assertThat(total.get("avoided").get("usageCheck").longValue()).isEqualTo(1);
        assertThat(total.get("avoided").get("inFlight").longValue()).isEqualTo(1);
        assertThat(total.get("avoided").get("total").longValue()).isEqualTo(2);
        JsonNode history = api.get("/api/accounts/" + paying + "/refreshes").json().get("items");
        assertThat(history.findValues("inputTokens")).extracting(JsonNode::intValue).containsExactlyInAnyOrder(12, 14);

        PrometheusScrape after = PrometheusScrape.of(api);
        assertThat(after.sum("autorefresh_tokens_total", "direction", "input")
                - before.sum("autorefresh_tokens_total", "direction", "input")).isEqualTo(26);
        assertThat(after.sum("autorefresh_tokens_total", "direction", "output")
                - before.sum("autorefresh_tokens_total", "direction", "output")).isEqualTo(20);
        assertThat(after.sum("autorefresh_refreshes_avoided_total", "reason", "usage_check")
                - before.sum("autorefresh_refreshes_avoided_total", "reason", "usage_check")).isEqualTo(1);
        assertThat(after.sum("autorefresh_refreshes_avoided_total", "reason", "in_flight")
                - before.sum("autorefresh_refreshes_avoided_total", "reason", "in_flight")).isEqualTo(1);
    }

    @Test
    void aRedeliveredResultIsNotCountedTwice() {
        UUID account = UUID.fromString(api.createWithApiKey("redelivered"));
        WindowUpdated result = paid(account, 12, 10);
        publish(result);
        publish(result);
        publish(paid(account, 1, 1));
        await().until(() -> attempts() == 2);

        JsonNode day = api.get("/api/accounts/" + account + "/cost").json().get("periods").get("24h");
        assertThat(day.get("messagesSent").longValue()).isEqualTo(2);
        assertThat(day.get("inputTokens").longValue()).isEqualTo(13);
    }

    @Test
    void olderFiguresLeaveTheShorterPeriods() {
        UUID account = UUID.fromString(api.createWithApiKey("older"));
        publish(paid(account, 12, 10));
        await().until(() -> attempts() == 1);
        jdbc.update("update api.refresh_attempt set recorded_at = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(3))));

        JsonNode periods = api.get("/api/accounts/" + account + "/cost").json().get("periods");
        assertThat(periods.get("24h").get("messagesSent").longValue()).isZero();
        assertThat(periods.get("24h").get("tokensPerMessage").isNull()).isTrue();
        assertThat(periods.get("7d").get("messagesSent").longValue()).isEqualTo(1);
        assertThat(periods.get("30d").get("inputTokens").longValue()).isEqualTo(12);
    }

    @Test
    void anUnknownOrMalformedAccountIsA404() {
        assertThat(api.get("/api/accounts/" + UUID.randomUUID() + "/cost").assertError(404).error())
                .isEqualTo("account not found");
        api.get("/api/accounts/not-a-uuid/cost").assertError(404);
    }

    private long attempts() {
        return jdbc.queryForObject("select count(*) from api.refresh_attempt", Long.class);
    }

    private WindowUpdated paid(UUID account, Integer input, Integer output) {
        return new WindowUpdated(UUID.randomUUID(), account, expired, Instant.now().plus(Duration.ofHours(5)),
                "allowed", 10, 200, "claude-haiku-4-5", Instant.now(), 150, "test-worker", WindowSource.MESSAGE,
                UsageCheck.NOT_OPEN, input, output);
    }

    private JsonNode credentials(UUID account, UUID refreshId) {
        ApiClient worker = new ApiClient(port, SERVICE_TOKEN);
        ApiClient.Reply reply = worker.get("/internal/accounts/" + account + "/credentials?refreshId=" + refreshId
                + "&windowResetAt=" + expired);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private void publish(WindowUpdated event) {
        var properties = new MessageProperties();
        properties.setType(Topology.typeName(WindowUpdated.class));
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        rabbit.send(Topology.EXCHANGE, Topology.routingKey(WindowUpdated.class), MessageBuilder
                .withBody(json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8)).andProperties(properties)
                .build());
    }
}
