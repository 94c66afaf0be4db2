package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.GUIDE_PROMPTS;
import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.idOf;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An expired window becomes exactly one dummy message and a new window on the account. */
class RefreshPipelineTest extends EndToEndTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void refreshesAnExpiredWindowWithExactlyOneDummyMessage() {
        String key = apiKey();
        String name = uniqueName("my-account");
        upstream.opensWindows(key, Duration.ofHours(5));
        api.createApiKeyAccount(name, key, system.upstreamUrl());

        // The guide's step 2: find the id by name, enable with {"enabled": 1}.
        String id = idOf(api.accounts(), name);
        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) >= 1);
        LoggedRequest request = upstream.requestsFor(key).getFirst();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/v1/messages");
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getHeader("content-type")).startsWith("application/json");
        assertThat(request.getHeader("x-api-key")).isEqualTo(key);
        assertThat(request.containsHeader("authorization")).isFalse();
        JsonNode body = json.readTree(request.getBodyAsString());
        assertThat(body.get("max_tokens").asInt()).isEqualTo(10);
        assertThat(body.get("model").asString()).isNotBlank();
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("user");
        assertThat(GUIDE_PROMPTS).contains(body.get("messages").get(0).get("content").asString());

        // The guide's step 3: the new window is visible in the account list.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode account = accountNamed(name);
            return !account.get("rateLimitReset").isNull()
                    && Instant.parse(account.get("rateLimitReset").asString()).isAfter(Instant.now().plusSeconds(4 * 3600));
        });
        JsonNode account = accountNamed(name);
        assertThat(account.get("autoRefreshEnabled").asBoolean()).isTrue();
        assertThat(account.get("rateLimitStatus").asString()).isEqualTo("allowed");

        // The window is open for five hours: nothing more is sent.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> upstream.count(key) == 1);
        JsonNode history = api.refreshes(id).get("items");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("outcome").asString()).isEqualTo("SUCCESS");
    }

    @Test
    void usesACustomEndpointGivenAsAFullUrlAndOAuthHeaders() {
        String token = E2eSupport.accessToken();
        upstream.opensWindowsForBearer(token, Duration.ofHours(5));
        String name = uniqueName("oauth");
        JsonNode created = api.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "refresh-%s", "expiresAt": "%s",
                 "customEndpoint": "%s/custom/v1/messages"}"""
                .formatted(name, token, token, Instant.now().plus(Duration.ofHours(8)), system.upstreamUrl()));

        api.setAutoRefresh(created.get("id").asString(), true);

        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.requestsForBearer(token).size() == 1);
        LoggedRequest request = upstream.requestsForBearer(token).getFirst();
        assertThat(request.getUrl()).isEqualTo("/custom/v1/messages");
        assertThat(request.getHeader("anthropic-beta")).contains("oauth-2025-04-20");
        assertThat(request.containsHeader("x-api-key")).isFalse();
    }

    @Test
    void manyAccountsDueAtOnceEachGetExactlyOneMessage() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = apiKey();
            keys.add(key);
            upstream.opensWindows(key, Duration.ofHours(5));
            JsonNode created = api.createApiKeyAccount(uniqueName("bulk"), key, system.upstreamUrl());
            api.setAutoRefresh(created.get("id").asString(), true);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> keys.stream().allMatch(key -> upstream.count(key) >= 1));
        // Two schedulers and two workers run: still one message per window.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> keys.stream().allMatch(key -> upstream.count(key) == 1));
    }

    @Test
    void refreshesAgainWhenTheNewWindowResetsAndNeverBefore() {
        int accounts = 6;
        Duration window = Duration.ofSeconds(4);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String key = apiKey();
            keys.add(key);
            upstream.opensWindows(key, window);
            JsonNode created = api.createApiKeyAccount(uniqueName("rolling"), key, system.upstreamUrl());
            api.setAutoRefresh(created.get("id").asString(), true);
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> keys.stream().allMatch(key -> upstream.count(key) >= 3));

        List<Long> lags = new ArrayList<>();
        for (String key : keys) {
            List<LoggedRequest> requests = upstream.requestsFor(key);
            for (int i = 1; i < requests.size(); i++) {
                // The stub's reset: the previous request's second plus the window, in whole Unix seconds.
                long previous = requests.get(i - 1).getLoggedDate().getTime();
                long reset = (previous / 1000 + window.toSeconds()) * 1000;
                long received = requests.get(i).getLoggedDate().getTime();
                assertThat(received).as("a window is refreshed only after it reset").isGreaterThanOrEqualTo(reset);
                lags.add(received - reset);
            }
        }
        lags.sort(Long::compare);
        System.out.printf("E2E refresh lag over %d windows (reset -> upstream received): p50 %d ms, p95 %d ms, max %d ms%n",
                lags.size(), lags.get(lags.size() / 2), lags.get((int) Math.ceil(lags.size() * 0.95) - 1),
                lags.getLast());
    }

    private JsonNode accountNamed(String name) {
        for (JsonNode account : api.accounts()) {
            if (name.equals(account.get("name").asString())) {
                return account;
            }
        }
        throw new AssertionError("no account named " + name);
    }
}
