package dev.autorefresh.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public REST API, called the way the guide's curl commands call it. */
final class ApiClient {

    record Response(int status, JsonNode body) {
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private final String token;

    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
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
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private Response send(HttpRequest.Builder request) {
        try {
            request.header("Authorization", "Bearer " + token);
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException("api-service did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
        return response.body();
    }
}
