package dev.autorefresh.benchmark.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP for the benchmark's clients; any answer but the expected status is an error. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final String baseUrl;
    private final Duration timeout;
    private final String bearerToken;

    Http(String baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /** Every request carries {@code Authorization: Bearer <token>} (the api-service's API token). */
    Http(String baseUrl, Duration timeout, String bearerToken) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.bearerToken = bearerToken;
    }

    JsonNode get(String path, int expected) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), expected, path);
    }

    String getText(String path) {
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), 200, path);
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode post(String path, String body, int expected) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), expected, path);
    }

    private JsonNode send(HttpRequest.Builder request, int expected, String path) {
        HttpResponse<byte[]> response = exchange(request, expected, path);
        return response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
    }

    private HttpResponse<byte[]> exchange(HttpRequest.Builder request, int expected, String path) {
        HttpResponse<byte[]> response;
        try {
            if (bearerToken != null) {
                request.header("Authorization", "Bearer " + bearerToken);
            }
            response = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != expected) {
            throw new IllegalStateException(baseUrl + path + " answered " + response.statusCode() + " (expected "
                    + expected + "): " + new String(response.body()));
        }
        return response;
    }
}
