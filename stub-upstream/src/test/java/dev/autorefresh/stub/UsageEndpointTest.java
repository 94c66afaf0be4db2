package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class UsageEndpointTest {

    private static final String TOKEN = "sk-ant-oat01-usage-test";

    @RegisterExtension
    final StubClient client = StubClient.withStubPerTest();

    @Test
    void reportsNoOpenWindowForAnAccountThatSentNothing() {
        HttpResponse<String> usage = client.usage(TOKEN);

        assertThat(usage.statusCode()).isEqualTo(200);
        JsonNode fiveHour = StubClient.json(usage).get("five_hour");
        assertThat(fiveHour.get("utilization").doubleValue()).isZero();
        assertThat(fiveHour.get("resets_at").isNull()).isTrue();
        assertThat(StubClient.json(usage).has("seven_day")).isTrue();
    }

    @Test
    void reportsTheWindowAMessageOpenedWithTheSameResetAsTheMessageHeader() {
        Instant reset = StubClient.reset(client.oauthMessage(TOKEN));

        JsonNode fiveHour = StubClient.json(client.usage(TOKEN)).get("five_hour");

        assertThat(Instant.parse(fiveHour.get("resets_at").stringValue())).isEqualTo(reset);
        assertThat(fiveHour.get("utilization").doubleValue()).isPositive().isLessThanOrEqualTo(100.0);
    }

    @Test
    void askingNeverOpensAWindowNorCountsAsAMessage() {
        client.usage(TOKEN);
        client.usage(TOKEN);

        JsonNode stats = client.stats();
        assertThat(stats.get("requests").longValue()).isZero();
        assertThat(stats.get("windowsStarted").longValue()).isZero();
        assertThat(stats.get("usageChecks").get("requests").longValue()).isEqualTo(2);
        assertThat(stats.get("usageChecks").get("byStatus").get("200").longValue()).isEqualTo(2);
        assertThat(StubClient.json(client.usage(TOKEN)).get("five_hour").get("resets_at").isNull()).isTrue();
    }

    @Test
    void windowOpenedByTheUsersOwnTrafficIsReportedButNotCountedAsOurMessage() {
        HttpResponse<String> opened = client.post("/_stub/usage/open", "{\"credential\": \"" + TOKEN + "\"}",
                Map.of("content-type", "application/json"));

        assertThat(opened.statusCode()).isEqualTo(200);
        Instant reset = Instant.parse(StubClient.json(opened).get("resetsAt").stringValue());
        JsonNode fiveHour = StubClient.json(client.usage(TOKEN)).get("five_hour");
        assertThat(Instant.parse(fiveHour.get("resets_at").stringValue())).isEqualTo(reset);
        assertThat(client.stats().get("requests").longValue()).isZero();
        // Another account is not affected.
        assertThat(StubClient.json(client.usage("another-token")).get("five_hour").get("resets_at").isNull()).isTrue();
    }

    @Test
    void refusesACallWithoutABearerToken() {
        HttpResponse<String> noAuth = client.get("/api/oauth/usage", Map.of("anthropic-beta", "oauth-2025-04-20"));
        HttpResponse<String> apiKey = client.get("/api/oauth/usage",
                Map.of("x-api-key", "sk-ant-api-1", "anthropic-beta", "oauth-2025-04-20"));

        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(apiKey.statusCode()).isEqualTo(401);
        assertThat(StubClient.json(noAuth).get("error").get("type").stringValue()).isEqualTo("authentication_error");
    }

    @Test
    void refusesACallWithoutTheOAuthBetaHeader() {
        HttpResponse<String> usage = client.get("/api/oauth/usage", Map.of("authorization", "Bearer " + TOKEN));

        assertThat(usage.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @CsvSource({"403, permission_error", "404, not_found_error", "500, api_error"})
    void failsOnDemandWithTheStatusTheRealEndpointUses(int status, String errorType) {
        HttpResponse<String> set = client.post("/_stub/usage", "{\"failure\": \"" + status + "\"}",
                Map.of("content-type", "application/json"));
        assertThat(set.statusCode()).isEqualTo(200);

        HttpResponse<String> usage = client.usage(TOKEN);

        assertThat(usage.statusCode()).isEqualTo(status);
        assertThat(StubClient.json(usage).get("error").get("type").stringValue()).isEqualTo(errorType);
        assertThat(StubClient.json(client.get("/_stub/usage")).get("byStatus").get(String.valueOf(status))
                .longValue()).isEqualTo(1);
    }

    @Test
    void answersAnUnknownShapeOnDemandAndBackToNormalAfterwards() {
        client.post("/_stub/usage", "{\"failure\": \"unknown_shape\"}", Map.of("content-type", "application/json"));

        HttpResponse<String> odd = client.usage(TOKEN);
        assertThat(odd.statusCode()).isEqualTo(200);
        assertThat(StubClient.json(odd).has("five_hour")).isFalse();

        client.post("/_stub/usage", "{\"failure\": \"none\"}", Map.of("content-type", "application/json"));
        assertThat(StubClient.json(client.usage(TOKEN)).has("five_hour")).isTrue();
    }

    @Test
    void rejectsAnUnknownFailureModeAndKeepsTheCurrentOne() {
        HttpResponse<String> bad = client.post("/_stub/usage", "{\"failure\": \"418\"}",
                Map.of("content-type", "application/json"));

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(StubClient.json(bad).get("error").stringValue()).isNotBlank();
        assertThat(StubClient.json(client.get("/_stub/usage")).get("failure").stringValue()).isEqualTo("none");
    }

    @Test
    void resetClearsTheUsageCount() {
        client.usage(TOKEN);
        client.post("/_stub/reset", "", Map.of());

        assertThat(client.stats().get("usageChecks").get("requests").longValue()).isZero();
    }

    @Test
    void answersUnderACustomEndpointPrefixToo() {
        HttpResponse<String> usage = client.get("/proxy/api/oauth/usage", Map.of("authorization", "Bearer " + TOKEN,
                "anthropic-beta", "oauth-2025-04-20"));

        assertThat(usage.statusCode()).isEqualTo(200);
    }
}
