package dev.autorefresh.stub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a running stub over real HTTP, the way the refresh-worker and the benchmark do. Registered as an
 * extension ({@link #withStubPerTest()}), it starts a stub of its own before each test and closes it after.
 */
final class StubClient implements BeforeEachCallback, AfterEachCallback {

    static final String VALID_BODY = """
            {"model": "claude-haiku-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String baseUrl;
    private StubServer started;

    StubClient(StubServer server) {
        this.baseUrl = "http://127.0.0.1:" + server.port();
    }

    private StubClient() {
    }

    /** For {@code @RegisterExtension}: each test gets a fresh stub with five-minute rolling windows. */
    static StubClient withStubPerTest() {
        return new StubClient();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        started = Stubs.start(Duration.ofMinutes(5), WindowMode.ROLLING);
        baseUrl = "http://127.0.0.1:" + started.port();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.close();
    }

    HttpResponse<String> message(String apiKey) {
        return post("/v1/messages", VALID_BODY, apiKeyHeaders(apiKey));
    }

    CompletableFuture<HttpResponse<String>> messageAsync(String apiKey) {
        return http.sendAsync(request("POST", "/v1/messages", VALID_BODY, apiKeyHeaders(apiKey)),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> apiKeyHeaders(String apiKey) {
        return Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01", "content-type", "application/json");
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return send(request("POST", path, body, headers));
    }

    HttpResponse<String> get(String path) {
        return send(request("GET", path, null, Map.of()));
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        return send(request("GET", path, null, headers));
    }

    /** The usage endpoint as an OAuth client asks it. */
    HttpResponse<String> usage(String accessToken) {
        return get("/api/oauth/usage", Map.of("authorization", "Bearer " + accessToken,
                "anthropic-beta", "oauth-2025-04-20"));
    }

    HttpResponse<String> oauthMessage(String accessToken) {
        return post("/v1/messages", VALID_BODY, Map.of("authorization", "Bearer " + accessToken,
                "anthropic-beta", "oauth-2025-04-20", "anthropic-version", "2023-06-01",
                "content-type", "application/json"));
    }

    HttpResponse<String> send(String method, String path) {
        return send(request(method, path, null, Map.of()));
    }

    JsonNode stats() {
        return json(get("/_stub/stats"));
    }

    HttpResponse<String> configure(String json) {
        return post("/_stub/config", json, Map.of("content-type", "application/json"));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static Instant reset(HttpResponse<String> response) {
        return Instant.ofEpochSecond(Long.parseLong(
                response.headers().firstValue("anthropic-ratelimit-unified-reset").orElseThrow()));
    }

    private HttpRequest request(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        List<String> flat = new ArrayList<>();
        headers.forEach((name, value) -> {
            flat.add(name);
            flat.add(value);
        });
        if (!flat.isEmpty()) {
            builder.headers(flat.toArray(String[]::new));
        }
        return builder.build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failed) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }
}
