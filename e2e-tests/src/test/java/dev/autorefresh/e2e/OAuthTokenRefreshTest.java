package dev.autorefresh.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.autorefresh.e2e.E2eSupport.accessToken;
import static dev.autorefresh.e2e.E2eSupport.refreshToken;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth accounts whose access token has expired: the api-service gets a fresh one from the token endpoint (WireMock)
 * before a worker sends the dummy message with it, stores the rotated tokens encrypted, blocks an account whose
 * refresh token is refused, and backs off while the token endpoint is down.
 */
class OAuthTokenRefreshTest extends EndToEndTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anExpiredAccessTokenIsRefreshedAndTheDummyMessageGoesOutWithTheFreshOne() throws SQLException {
        String expired = accessToken();
        String refresh = refreshToken();
        String fresh = accessToken();
        String rotated = refreshToken();
        upstream.opensWindowsForBearer(fresh, Duration.ofHours(5));
        upstream.refusesBearer(expired);
        tokenEndpointAnswers(refresh, issued(fresh, rotated));
        String name = uniqueName("oauth-expired");
        String id = createOAuthAccount(name, expired, refresh, Instant.now().minus(Duration.ofHours(1)));
        assertThat(api.account(id).get("tokenStatus").asString()).isEqualTo("expired");

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.requestsForBearer(fresh).size() == 1);
        assertThat(upstream.requestsForBearer(expired)).as("the stale token is never sent").isEmpty();
        List<LoggedRequest> tokenRequests = tokenRequests(refresh);
        assertThat(tokenRequests).hasSize(1);
        JsonNode body = json.readTree(tokenRequests.getFirst().getBodyAsString());
        assertThat(body.get("grant_type").asString()).isEqualTo("refresh_token");
        assertThat(body.get("client_id").asString()).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");

        await().atMost(Duration.ofSeconds(10)).until(() -> !api.account(id).get("rateLimitReset").isNull());
        JsonNode account = api.account(id);
        assertThat(account.get("tokenStatus").asString()).isEqualTo("valid");
        assertThat(Instant.parse(account.get("tokenExpiresAt").asString()))
                .isAfter(Instant.now().plus(Duration.ofHours(7)));
        assertThat(account.get("requiresReauth").asBoolean()).isFalse();
        assertThat(account.get("lastRefresh").get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(system.allLogs()).contains("Refreshed the OAuth access token for account " + name);

        List<String> stored = storedTokens(id);
        assertThat(stored).hasSize(2).allSatisfy(value -> assertThat(value)
                .startsWith("enc:v1:" + RunningSystem.ENCRYPTION_KEY_ID + ":")
                .doesNotContain(fresh).doesNotContain(rotated));
    }

    @Test
    void aRefusedRefreshTokenBlocksTheAccountAndNothingIsSent() {
        String expired = accessToken();
        String refresh = refreshToken();
        upstream.refusesBearer(expired);
        tokenEndpointAnswers(refresh, aResponse().withStatus(400).withHeader("content-type", "application/json")
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"Invalid refresh token\"}"));
        String name = uniqueName("oauth-revoked");
        String id = createOAuthAccount(name, expired, refresh, Instant.now().minus(Duration.ofMinutes(1)));

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> api.account(id).get("requiresReauth").asBoolean());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(system.allLogs()).contains(
                "Auto-refresh blocked for account " + name + ": re-authentication required (OAuth token refresh "
                        + "failed: the token endpoint rejected the refresh token (400 Bad Request, invalid_grant))"));
        JsonNode account = api.account(id);
        assertThat(account.get("tokenStatus").asString()).isEqualTo("reauth_required");
        assertThat(account.get("lastRefresh").get("error").asString()).contains("invalid_grant");
        // Blocked accounts are not dispatched again: the dead refresh token is tried once, the stale token never.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> tokenRequests(refresh).size() == 1);
        assertThat(upstream.requestsForBearer(expired)).isEmpty();
    }

    @Test
    void aTokenEndpointThatIsDownIsRetriedLaterNotBlockedAndNotCountedAgainstTheAccount() {
        String expired = accessToken();
        String refresh = refreshToken();
        String fresh = accessToken();
        upstream.opensWindowsForBearer(fresh, Duration.ofHours(5));
        tokenEndpointAnswers(refresh, aResponse().withStatus(503));
        String name = uniqueName("oauth-endpoint-down");
        String id = createOAuthAccount(name, expired, refresh, Instant.now().minus(Duration.ofMinutes(1)));

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> tokenRequests(refresh).size() >= 2);
        JsonNode failing = api.account(id);
        assertThat(failing.get("requiresReauth").asBoolean()).isFalse();
        // No upstream call was made: our side (the token endpoint) was unavailable, not the account.
        assertThat(failing.get("consecutiveFailures").asInt()).isZero();
        assertThat(failing.get("lastRefresh").get("outcome").asString()).isEqualTo("UNAVAILABLE");
        assertThat(failing.get("lastRefresh").get("error").asString()).contains("503 Service Unavailable");
        assertThat(system.allLogs()).contains("Auto-refresh message failed for account " + name
                + ": OAuth token refresh failed: the token endpoint answered 503 Service Unavailable");

        tokenEndpointAnswers(refresh, issued(fresh, refreshToken()));
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.requestsForBearer(fresh).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.account(id).get("consecutiveFailures").asInt() == 0);
    }

    private String createOAuthAccount(String name, String accessToken, String refreshToken, Instant expiresAt) {
        return api.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s", "customEndpoint": "%s"}"""
                .formatted(name, accessToken, refreshToken, expiresAt, system.upstreamUrl())).get("id").asString();
    }

    private static ResponseDefinitionBuilder issued(String accessToken, String refreshToken) {
        return okJson("""
                {"token_type": "Bearer", "access_token": "%s", "refresh_token": "%s", "expires_in": 28800}"""
                .formatted(accessToken, refreshToken));
    }

    /** Each account's refresh token picks its own answer, so the tests do not see each other's stubs. */
    private static void tokenEndpointAnswers(String refreshToken, ResponseDefinitionBuilder response) {
        system.upstream.stubFor(post(urlPathEqualTo(RunningSystem.TOKEN_PATH))
                .withRequestBody(matchingJsonPath("$.refresh_token", equalTo(refreshToken)))
                .willReturn(response));
    }

    private static List<LoggedRequest> tokenRequests(String refreshToken) {
        return system.upstream.findAll(postRequestedFor(urlPathEqualTo(RunningSystem.TOKEN_PATH))
                .withRequestBody(matchingJsonPath("$.refresh_token", equalTo(refreshToken))));
    }

    private static List<String> storedTokens(String id) throws SQLException {
        try (Connection connection = Database.superuser(system.postgres);
                PreparedStatement query = connection.prepareStatement(
                        "select access_token, refresh_token from api.account where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return List.of(row.getString(1), row.getString(2));
            }
        }
    }
}
