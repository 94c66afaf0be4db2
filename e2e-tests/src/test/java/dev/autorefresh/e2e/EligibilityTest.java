package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Only eligible accounts with an expired window are refreshed. */
class EligibilityTest extends EndToEndTest {


    @Test
    void leavesPausedDisabledAndNonAnthropicAccountsAlone() {
        String pausedKey = apiKey();
        String disabledKey = apiKey();
        String otherProviderKey = apiKey();
        for (String key : new String[] {pausedKey, disabledKey, otherProviderKey}) {
            upstream.opensWindows(key, Duration.ofHours(5));
        }
        String paused = api.createApiKeyAccount(uniqueName("paused"), pausedKey, system.upstreamUrl())
                .get("id").asString();
        assertThat(api.post("/api/accounts/" + paused + "/pause", "").status()).isEqualTo(200);
        api.setAutoRefresh(paused, true);
        api.createApiKeyAccount(uniqueName("disabled"), disabledKey, system.upstreamUrl());
        String other = api.createAccount("""
                {"name": "%s", "provider": "openai", "apiKey": "%s", "customEndpoint": "%s"}"""
                .formatted(uniqueName("openai"), otherProviderKey, system.upstreamUrl())).get("id").asString();
        var refused = api.post("/api/accounts/" + other + "/auto-refresh", "{\"enabled\": 1}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asString()).contains("only available for Anthropic accounts");

        // A witness enabled afterwards is refreshed: ticks ran past the others.
        String witnessKey = apiKey();
        upstream.opensWindows(witnessKey, Duration.ofHours(5));
        api.setAutoRefresh(api.createApiKeyAccount(uniqueName("witness"), witnessKey, system.upstreamUrl())
                .get("id").asString(), true);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(witnessKey) == 1);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                upstream.count(pausedKey) + upstream.count(disabledKey) + upstream.count(otherProviderKey) == 0);
    }

    @Test
    void aRejectedTokenBlocksTheAccountUntilCredentialsAreReplaced() {
        String key = apiKey();
        upstream.fails(key, 401);
        String id = api.createApiKeyAccount(uniqueName("revoked"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> api.account(id).get("requiresReauth").asBoolean());
        JsonNode blocked = api.account(id);
        assertThat(blocked.get("tokenStatus").asString()).isEqualTo("reauth_required");
        assertThat(blocked.get("lastRefresh").get("outcome").asString()).isEqualTo("AUTH");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> upstream.count(key) == 1);

        String newKey = apiKey();
        upstream.opensWindows(newKey, Duration.ofHours(5));
        var replaced = api.post("/api/accounts/" + id + "/credentials", "{\"apiKey\": \"" + newKey + "\"}");
        assertThat(replaced.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(newKey) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.account(id).get("requiresReauth").asBoolean()
                && "SUCCESS".equals(api.account(id).get("lastRefresh").get("outcome").asString()));
    }

    @Test
    void anOpenWindowIsNotRefreshedAgain() {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(1));
        String id = api.createApiKeyAccount(uniqueName("open"), key, system.upstreamUrl()).get("id").asString();
        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) == 1);

        // Turning auto-refresh off and on again does not refresh a window that is still open.
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.account(id).get("rateLimitReset").isNull());
        api.setAutoRefresh(id, false);
        api.setAutoRefresh(id, true);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> upstream.count(key) == 1);
    }
}
