package dev.autorefresh.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Anthropic, as WireMock plays it: one stub per account, told apart by its API key. */
final class Upstream {

    private static final String BODY = """
            {"id":"msg_e2e","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"max_tokens",
             "usage":{"input_tokens":12,"output_tokens":10}}""";

    private final WireMockServer server;

    Upstream(WireMockServer server) {
        this.server = server;
    }

    /** 200 with a subscription window that resets {@code window} after each request. */
    void opensWindows(String apiKey, Duration window) {
        respond(apiKey, aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-status", "allowed")
                .withHeader("anthropic-ratelimit-unified-remaining", "42")
                .withHeader("anthropic-ratelimit-unified-reset",
                        "{{now offset='" + window.toSeconds() + " seconds' format='unix'}}")
                .withBody(BODY));
    }

    /** 200 whose reset stays at a fixed instant, as when the old window has not rolled yet. */
    void answersWithFixedReset(String apiKey, long unixSeconds) {
        respond(apiKey, aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-reset", Long.toString(unixSeconds))
                .withBody(BODY));
    }

    /**
     * 200 as a Console (API-key) account answers: token-bucket refill times a second ahead, no unified (subscription)
     * window at all.
     */
    void answersLikeAnApiKeyAccount(String apiKey) {
        respond(apiKey, aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-requests-remaining", "49")
                .withHeader("anthropic-ratelimit-requests-reset",
                        "{{now offset='1 seconds' format=\"yyyy-MM-dd'T'HH:mm:ss'Z'\"}}")
                .withHeader("anthropic-ratelimit-tokens-reset",
                        "{{now offset='1 seconds' format=\"yyyy-MM-dd'T'HH:mm:ss'Z'\"}}")
                .withBody(BODY));
    }

    /** Like {@link #opensWindows}, but each answer takes {@code delay}: a call that is in flight for a while. */
    void opensWindowsSlowly(String apiKey, Duration window, Duration delay) {
        respond(apiKey, aResponse().withStatus(200)
                .withFixedDelay((int) delay.toMillis())
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-reset",
                        "{{now offset='" + window.toSeconds() + " seconds' format='unix'}}")
                .withBody(BODY));
    }

    void fails(String apiKey, int status, String... headerPairs) {
        var response = aResponse().withStatus(status).withHeader("content-type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"e2e\",\"message\":\"status " + status + "\"}}");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            response = response.withHeader(headerPairs[i], headerPairs[i + 1]);
        }
        respond(apiKey, response);
    }

    void hangs(String apiKey, Duration delay) {
        respond(apiKey, aResponse().withStatus(200).withFixedDelay((int) delay.toMillis()).withBody(BODY));
    }

    /** The OAuth flavour: the account is told apart by its bearer token. */
    void opensWindowsForBearer(String accessToken, Duration window) {
        server.stubFor(post(anyUrl()).withHeader("authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("anthropic-ratelimit-unified-reset",
                                "{{now offset='" + window.toSeconds() + " seconds' format='unix'}}")
                        .withBody(BODY)));
    }

    /** 401, as Anthropic answers a stale or revoked OAuth access token. */
    void refusesBearer(String accessToken) {
        server.stubFor(post(anyUrl()).withHeader("authorization", equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withStatus(401).withHeader("content-type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                                + "\"message\":\"OAuth token has expired\"}}")));
    }

    List<LoggedRequest> requestsForBearer(String accessToken) {
        return server.findAll(postRequestedFor(anyUrl()).withHeader("authorization", equalTo("Bearer " + accessToken)));
    }

    private void respond(String apiKey, ResponseDefinitionBuilder response) {
        // Re-stubbing the same key replaces the earlier answer: newest stubs win in WireMock.
        server.stubFor(post(anyUrl()).withHeader("x-api-key", equalTo(apiKey)).willReturn(response));
    }

    List<LoggedRequest> requestsFor(String apiKey) {
        return server.findAll(postRequestedFor(anyUrl()).withHeader("x-api-key", equalTo(apiKey))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    int count(String apiKey) {
        return requestsFor(apiKey).size();
    }
}
