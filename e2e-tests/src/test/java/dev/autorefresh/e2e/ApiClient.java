package dev.autorefresh.e2e;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The public REST API of the running jar, called the way the guide's curl commands call it: test-support's client
 * with a time limit on each request, and the few calls these tests repeat, each expecting its success status.
 */
final class ApiClient {

    record Response(int status, JsonNode body) {
    }

    private final dev.autorefresh.testsupport.ApiClient client;

    ApiClient(String baseUrl, String token) {
        this.client = new dev.autorefresh.testsupport.ApiClient(baseUrl, token, Duration.ofSeconds(10));
    }

    JsonNode createApiKeyAccount(String name, String apiKey, String customEndpoint) {
        return expect(201, post("/api/accounts", """
                {"name": "%s", "apiKey": "%s", "customEndpoint": "%s"}""".formatted(name, apiKey, customEndpoint)));
    }

    JsonNode createAccount(String body) {
        return expect(201, post("/api/accounts", body));
    }

    JsonNode setAutoRefresh(String id, boolean enabled) {
        // Exactly the guide's body: {"enabled": 1} / {"enabled": 0}
        return expect(200, post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": " + (enabled ? 1 : 0) + "}"));
    }

    JsonNode accounts() {
        return expect(200, get("/api/accounts"));
    }

    JsonNode account(String id) {
        return expect(200, get("/api/accounts/" + id));
    }

    JsonNode refreshes(String id) {
        return expect(200, get("/api/accounts/" + id + "/refreshes?size=200"));
    }

    /** What an account's refreshes cost and saved, per period (GET /api/accounts/{id}/cost). */
    JsonNode cost(String id) {
        return expect(200, get("/api/accounts/" + id + "/cost"));
    }

    Response post(String path, String body) {
        return response(client.post(path, body));
    }

    Response get(String path) {
        return response(client.get(path));
    }

    private static Response response(dev.autorefresh.testsupport.ApiClient.Reply reply) {
        return new Response(reply.status(), reply.body().isEmpty() ? null : reply.json());
    }

    private static JsonNode expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
        return response.body();
    }
}
