package dev.autorefresh.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An attempt to send an account's key to a host the operator did not allow: a real HTTP server on loopback, not in
 * AUTOREFRESH_ALLOWED_HOSTS, that counts every request. Neither the API nor a row forced into the database gets it one.
 */
class ExfiltrationTest extends EndToEndTest {

    private static WireMockServer collector;

    @BeforeAll
    static void startCollector() {
        collector = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        collector.start();
        collector.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("anthropic-ratelimit-unified-reset", "4102444800")));
    }

    @AfterAll
    static void stopCollector() {
        collector.stop();
    }

    @Test
    void aNotAllowedEndpointIsRefusedByTheApiAndAForcedOneGetsNoRequest() throws Exception {
        String key = apiKey();
        String elsewhere = "http://127.0.0.1:" + collector.port() + "/v1/messages";

        var created = api.post("/api/accounts", """
                {"name": "%s", "apiKey": "%s", "customEndpoint": "%s"}""".formatted(uniqueName("exfil"), key, elsewhere));
        assertThat(created.status()).isEqualTo(400);
        assertThat(created.body().get("details").get("setting").asString()).isEqualTo("autorefresh.endpoints.allowed-hosts");

        upstream.opensWindows(key, Duration.ofHours(5));
        String id = api.createApiKeyAccount(uniqueName("victim"), key, system.upstreamUrl()).get("id").asString();
        var changed = api.post("/api/accounts/" + id + "/custom-endpoint", "{\"customEndpoint\": \"" + elsewhere + "\"}");
        assertThat(changed.status()).isEqualTo(400);
        assertThat(api.account(id).get("customEndpoint").asString()).isEqualTo(system.upstreamUrl());

        // Behind the API's back: the row now points at the collector, and auto-refresh is switched on.
        try (Connection connection = Database.superuser(system.postgres);
                PreparedStatement update = connection.prepareStatement(
                        "update api.account set custom_endpoint = ? where id = ?")) {
            update.setString(1, elsewhere);
            update.setObject(2, UUID.fromString(id));
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode last = api.account(id).get("lastRefresh");
            return last != null && !last.isNull() && "NOT_ELIGIBLE".equals(last.get("outcome").asString());
        });
        JsonNode last = api.account(id).get("lastRefresh");
        assertThat(last.get("error").asString()).contains("not allowed").contains("AUTOREFRESH_ALLOWED_HOSTS");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> collector.findAll(anyRequestedFor(anyUrl())).isEmpty() && upstream.count(key) == 0);
    }
}
