package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class StatsEndpointTest {

    @RegisterExtension
    final StubClient client = StubClient.withStubPerTest();

    @Test
    void reportsHealthForContainerChecks() {
        HttpResponse<String> health = client.get("/_stub/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(StubClient.json(health).get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void countsRequestsByStatusAccountsWindowsAndDuplicates() {
        client.message("sk-ant-api-1");
        client.message("sk-ant-api-1");
        client.message("sk-ant-api-2");
        client.post("/v1/messages", "{}", StubClient.apiKeyHeaders("sk-ant-api-3"));
        client.post("/v1/messages", StubClient.VALID_BODY, Map.of("anthropic-version", "2023-06-01"));

        JsonNode stats = client.stats();

        assertThat(stats.get("requests").longValue()).isEqualTo(5);
        assertThat(stats.get("byStatus").get("200").longValue()).isEqualTo(3);
        assertThat(stats.get("byStatus").get("400").longValue()).isEqualTo(1);
        assertThat(stats.get("byStatus").get("401").longValue()).isEqualTo(1);
        assertThat(stats.get("accounts").intValue()).isEqualTo(2);
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(2);
        assertThat(stats.get("duplicates").longValue()).isEqualTo(1);
        assertThat(stats.has("lagSamples")).isFalse();
        assertThat(stats.get("firstRequestAt").stringValue()).isNotBlank();
    }

    @Test
    void includesLagSamplesOnlyWhenAskedAndWithinTheLimit() {
        JsonNode withSamples = StubClient.json(client.get("/_stub/stats?samples=true&limit=5"));

        assertThat(withSamples.get("lagSamples").isArray()).isTrue();
        assertThat(withSamples.get("lagSamplesTruncated").booleanValue()).isFalse();
        assertThat(client.get("/_stub/stats?samples=true&limit=0").statusCode()).isEqualTo(400);
        assertThat(client.get("/_stub/stats?samples=true&limit=many").statusCode()).isEqualTo(400);
    }

    @Test
    void resetForgetsWindowsAndStats() {
        client.message("sk-ant-api-before-reset");

        HttpResponse<String> reset = client.post("/_stub/reset", "", Map.of());

        assertThat(reset.statusCode()).isEqualTo(200);
        JsonNode stats = client.stats();
        assertThat(stats.get("requests").longValue()).isZero();
        assertThat(stats.get("accounts").intValue()).isZero();
        assertThat(stats.get("byStatus").isEmpty()).isTrue();
        client.message("sk-ant-api-before-reset");
        JsonNode after = client.stats();
        assertThat(after.get("windowsStarted").longValue()).isEqualTo(1);
        assertThat(after.get("duplicates").longValue()).isZero();
        assertThat(after.get("lagMillis").get("count").intValue()).isZero();
    }

    @Test
    void answersUnknownAdminPathsWith404AndWrongMethodsWith405() {
        assertThat(client.get("/_stub/nothing").statusCode()).isEqualTo(404);
        assertThat(client.get("/_stub/reset").statusCode()).isEqualTo(405);
        assertThat(client.post("/_stub/stats", "", Map.of()).statusCode()).isEqualTo(405);
    }
}
