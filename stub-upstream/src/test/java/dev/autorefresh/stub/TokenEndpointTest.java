package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class TokenEndpointTest {

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");
    private static final String FIRST_REFRESH_TOKEN = "sk-ant-ort01-token-test";

    @RegisterExtension
    final StubClient client = StubClient.withStubPerTest();

    @Test
    void rotatesTheRefreshTokenAndIssuesAFreshAccessToken() {
        HttpResponse<String> answer = refresh(FIRST_REFRESH_TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode tokens = StubClient.json(answer);
        assertThat(tokens.get("access_token").asString()).isNotBlank();
        assertThat(tokens.get("refresh_token").asString()).isNotBlank().isNotEqualTo(FIRST_REFRESH_TOKEN);
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(TokenEndpoint.ACCESS_TOKEN_LIFETIME.toSeconds());
        // The rotated token works once in turn.
        assertThat(refresh(tokens.get("refresh_token").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesARefreshTokenUsedBeforeAndCountsTheReuseForItsLineage() {
        String rotated = StubClient.json(refresh(FIRST_REFRESH_TOKEN)).get("refresh_token").asString();
        refresh(rotated);

        HttpResponse<String> again = refresh(rotated);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(StubClient.json(again).get("error").asString()).isEqualTo("invalid_grant");
        JsonNode lineage = StubClient.json(client.get("/_stub/tokens")).get(0);
        assertThat(lineage.get("account").asString()).isEqualTo(AccountKey.of(FIRST_REFRESH_TOKEN).hash());
        assertThat(lineage.get("rotations").asLong()).isEqualTo(2);
        assertThat(lineage.get("reuses").asLong()).isEqualTo(1);
    }

    @Test
    void messagesWithAnIssuedAccessTokenCountForTheLineageItWasIssuedTo() {
        String first = StubClient.json(refresh(FIRST_REFRESH_TOKEN)).get("access_token").asString();
        JsonNode second = StubClient.json(refresh(StubClient.json(refresh("unrelated-refresh-token"))
                .get("refresh_token").asString()));
        client.oauthMessage(first);

        JsonNode accounts = StubClient.json(client.get("/_stub/accounts"));

        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("account").asString()).isEqualTo(AccountKey.of(FIRST_REFRESH_TOKEN).hash());
        assertThat(accounts.get(0).get("counter").get("windowsStarted").asLong()).isEqualTo(1);
        assertThat(second.get("access_token").asString()).isNotEqualTo(first);
    }

    @Test
    void answersARequestWithoutARefreshTokenGrantWithA400() {
        for (String body : new String[] {"", "[]", "{\"grant_type\": \"password\", \"refresh_token\": \"x\"}",
                "{\"grant_type\": \"refresh_token\"}", "{\"grant_type\": \"refresh_token\", \"refresh_token\": \" \"}"}) {
            HttpResponse<String> answer = client.post("/v1/oauth/token", body, JSON);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(StubClient.json(answer).get("error").asString()).isEqualTo("invalid_request");
        }
        assertThat(StubClient.json(client.get("/_stub/tokens"))).isEmpty();
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return client.post("/v1/oauth/token", """
                {"grant_type": "refresh_token", "refresh_token": "%s", "client_id": "c"}""".formatted(refreshToken), JSON);
    }
}
