package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class FaultInjectionTest {

    @RegisterExtension
    final StubClient client = StubClient.withStubPerTest();

    @Test
    void forced429CarriesRetryAfterAndAResetAndStartsNoWindow() {
        assertThat(client.configure("{\"forceStatus\": 429, \"retryAfterSeconds\": 7}").statusCode()).isEqualTo(200);
        Instant before = Instant.now();

        HttpResponse<String> response = client.message("sk-ant-api-limited");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-status")).hasValue("rejected");
        assertThat(StubClient.reset(response)).isCloseTo(before.plusSeconds(7), within(2, ChronoUnit.SECONDS));
        assertThat(StubClient.json(response).get("error").get("type").stringValue()).isEqualTo("rate_limit_error");
        JsonNode stats = client.stats();
        assertThat(stats.get("byStatus").get("429").longValue()).isEqualTo(1);
        assertThat(stats.get("windowsStarted").longValue()).isZero();
    }

    @Test
    void forced429ReportsTheOpenWindowsResetWhenTheAccountHasOne() {
        Instant openReset = StubClient.reset(client.message("sk-ant-api-open"));
        client.configure("{\"forceStatus\": 429, \"retryAfterSeconds\": 3}");

        HttpResponse<String> response = client.message("sk-ant-api-open");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(StubClient.reset(response)).isEqualTo(openReset);
    }

    @ParameterizedTest
    @CsvSource({"401, authentication_error", "500, api_error", "529, overloaded_error"})
    void forcedFailuresUseAnthropicsErrorTypes(int status, String errorType) {
        client.configure("{\"forceStatus\": " + status + "}");

        HttpResponse<String> response = client.message("sk-ant-api-failing");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(StubClient.json(response).get("error").get("type").stringValue()).isEqualTo(errorType);
        assertThat(response.headers().firstValue("retry-after").isPresent()).isEqualTo(status == 529);
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-reset").isPresent()).isEqualTo(status == 529);
    }

    @Test
    void invalidRequestsAreStillRejectedWhileAFailureIsForced() {
        client.configure("{\"forceStatus\": 500}");

        assertThat(client.post("/v1/messages", "{}", StubClient.apiKeyHeaders("k")).statusCode()).isEqualTo(400);
    }

    @Test
    void clearingTheForcedStatusAnswersNormallyAgain() {
        client.configure("{\"forceStatus\": 529}");
        HttpResponse<String> cleared = client.configure("{\"forceStatus\": null}");

        assertThat(StubClient.json(cleared).get("forceStatus").isNull()).isTrue();
        assertThat(client.message("sk-ant-api-recovered").statusCode()).isEqualTo(200);
    }

    @Test
    void changesOnlyTheFieldsGivenAndShowsTheResult() {
        HttpResponse<String> response = client.configure("{\"windowSeconds\": 60, \"mode\": \"aligned\"}");

        JsonNode config = StubClient.json(client.get("/_stub/config"));
        assertThat(StubClient.json(response)).isEqualTo(config);
        assertThat(config.get("windowSeconds").longValue()).isEqualTo(60);
        assertThat(config.get("mode").stringValue()).isEqualTo("aligned");
        assertThat(config.get("latencyMs").longValue()).isZero();
        assertThat(config.get("retryAfterSeconds").longValue()).isEqualTo(30);
        assertThat(StubClient.reset(client.message("sk-ant-api-new-length")).getEpochSecond() % 60).isZero();
    }

    @Test
    void rejectsAnInvalidConfigAndKeepsTheCurrentOne() {
        JsonNode before = StubClient.json(client.get("/_stub/config"));

        for (String invalid : new String[] {"{\"forceStatus\": 418}", "{\"windowSeconds\": 0}", "{\"latencyMs\": -1}",
                "{\"mode\": \"sliding\"}", "{\"latencyMs\": \"fast\"}", "{\"windowSeconds\": 60, \"colour\": 1}",
                "[]", "not json"}) {
            HttpResponse<String> response = client.configure(invalid);
            assertThat(response.statusCode()).as(invalid).isEqualTo(400);
            assertThat(StubClient.json(response).get("error").stringValue()).as(invalid).isNotBlank();
        }

        assertThat(StubClient.json(client.get("/_stub/config"))).isEqualTo(before);
    }

    @Test
    void delaysEachAnswerByTheConfiguredLatency() {
        client.configure("{\"latencyMs\": 400}");

        long started = System.nanoTime();
        HttpResponse<String> response = client.message("sk-ant-api-slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
}
