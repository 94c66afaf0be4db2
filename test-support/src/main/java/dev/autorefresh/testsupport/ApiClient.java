package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api-service's REST API over real HTTP, with bodies written as the guide's curl commands write them: the
 * api-service's own tests talk to it in-process on a random port, the end-to-end tests to the running jar.
 */
public class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration timeout;

    /** With the given bearer token (null sends no credentials) and no time limit beyond the test's own. */
    public ApiClient(int port, String token) {
        this("http://localhost:" + port, token, null);
    }

    /**
     * Against {@code baseUrl}; each request fails after {@code timeout} (null: none), so a test against a
     * process that hangs fails instead of waiting forever.
     */
    public ApiClient(String baseUrl, String token, Duration timeout) {
        this.base = baseUrl;
        this.token = token;
        this.timeout = timeout;
        var builder = HttpClient.newBuilder();
        if (timeout != null) {
            builder.connectTimeout(timeout);
        }
        this.http = builder.build();
    }

    public Reply get(String path) {
        return send("GET", path, null, null);
    }

    /** {@code curl -X POST ... -H "Content-Type: application/json" -d 'json'} */
    public Reply post(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    /** The same, as {@code Transfer-Encoding: chunked}: no length declared up front. */
    public Reply postChunked(String path, String json) {
        return sendBody("POST", path, "application/json", HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply delete(String path) {
        return send("DELETE", path, null, null);
    }

    public Reply send(String method, String path, String contentType, String body) {
        return sendBody(method, path, contentType, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    }

    private Reply sendBody(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map().getOrDefault("content-type", List.of()),
                    response.headers().firstValue("location").orElse(null), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + ": the api-service did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Adds an account and returns its id. */
    public String create(String json) {
        Reply reply = post("/api/accounts", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("id").stringValue();
    }

    public String createWithApiKey(String name) {
        return create("{\"name\": \"" + name + "\", \"apiKey\": \"sk-ant-api03-" + name.replace(' ', '_') + "\"}");
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    public record Reply(int status, List<String> contentType, String location, String body, HttpHeaders headers) {

        public JsonNode json() {
            return parse(body);
        }

        /** The API's error shape: exactly {@code error} and {@code details}. */
        public Reply assertError(int expectedStatus) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            JsonNode json = json();
            assertThat(json.propertyNames()).containsExactlyInAnyOrder("error", "details");
            assertThat(json.get("error").stringValue()).isNotBlank();
            return this;
        }

        public String error() {
            return json().get("error").stringValue();
        }
    }
}
