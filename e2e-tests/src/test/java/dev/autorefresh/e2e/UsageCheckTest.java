package dev.autorefresh.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.autorefresh.e2e.E2eSupport.accessToken;
import static dev.autorefresh.e2e.E2eSupport.refreshToken;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The free usage check through the whole system: an OAuth account whose five-hour window is already open (the
 * user's own traffic) gets no paid message and its window from the check; an unavailable check still sends.
 */
class UsageCheckTest extends EndToEndTest {

    private static final String USAGE_PATH = "/api/oauth/usage";

    @Test
    void aWindowOpenedByTheUsersOwnTrafficIsRecordedWithoutAPaidMessage() {
        String token = accessToken();
        Instant resetsAt = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        upstream.opensWindowsForBearer(token, Duration.ofHours(5));
        usageAnswers(token, okJson("""
                {"five_hour": {"utilization": 23.0, "resets_at": "%s"}, "seven_day": {"utilization": 5.0,
                 "resets_at": null}}""".formatted(resetsAt)));
        String id = createOAuthAccount(uniqueName("usage-open"), token);

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> !api.account(id).get("rateLimitReset").isNull());
        JsonNode account = api.account(id);
        assertThat(Instant.parse(account.get("rateLimitReset").asString())).isEqualTo(resetsAt);
        assertThat(account.get("lastRefresh").get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(usageChecks(token)).isEqualTo(1);
        assertThat(upstream.requestsForBearer(token)).as("no paid message").isEmpty();
        JsonNode day = api.cost(id).get("periods").get("24h");
        assertThat(day.get("messagesSent").longValue()).isZero();
        assertThat(day.get("inputTokens").longValue()).isZero();
        assertThat(day.get("avoided").get("usageCheck").longValue()).isEqualTo(1);
    }

    @Test
    void aUsageCheckWithoutTheProfileScopeStillSendsOneMessage() {
        String token = accessToken();
        String name = uniqueName("usage-403");
        upstream.opensWindowsForBearer(token, Duration.ofHours(5));
        usageAnswers(token, aResponse().withStatus(403).withHeader("content-type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\","
                        + "\"message\":\"OAuth token does not meet scope requirement user:profile\"}}"));
        String id = createOAuthAccount(name, token);

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.requestsForBearer(token).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.account(id).get("rateLimitReset").isNull());
        assertThat(usageChecks(token)).isEqualTo(1);
        // What the one message cost, from its answer's usage object, through worker, broker and api-service.
        JsonNode day = api.cost(id).get("periods").get("24h");
        assertThat(day.get("messagesSent").longValue()).isEqualTo(1);
        assertThat(day.get("inputTokens").longValue()).isEqualTo(12);
        assertThat(day.get("outputTokens").longValue()).isEqualTo(10);
        assertThat(day.get("avoided").get("usageCheck").longValue()).isZero();
        assertThat(system.allLogs()).contains("Usage check failed for account " + name
                + " (usage endpoint answered 403 Forbidden); sending the auto-refresh message without it");
        assertThat(system.allLogs()).doesNotContain(token);
    }

    private static void usageAnswers(String token, ResponseDefinitionBuilder answer) {
        system.upstream.stubFor(get(urlPathEqualTo(USAGE_PATH))
                .withHeader("authorization", equalTo("Bearer " + token))
                .withHeader("anthropic-beta", equalTo("oauth-2025-04-20"))
                .willReturn(answer));
    }

    private static int usageChecks(String token) {
        return system.upstream.findAll(getRequestedFor(urlPathEqualTo(USAGE_PATH))
                .withHeader("authorization", equalTo("Bearer " + token))).size();
    }

    private static String createOAuthAccount(String name, String accessToken) {
        return api.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s", "customEndpoint": "%s"}"""
                .formatted(name, accessToken, refreshToken(), Instant.now().plus(Duration.ofHours(8)),
                        system.upstreamUrl())).get("id").asString();
    }
}
