package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the running api-service over real HTTP, with bodies written as the guide's curl commands write them. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The bootstrap admin token of the tests' configuration (src/test/resources/application.properties). */
    public static final String ADMIN_TOKEN = "art_test-admin-token-0123456789abcdef0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    /** As an admin: what the guide's commands do with {@code -H "Authorization: Bearer $AUTOREFRESH_TOKEN"}. */
    public ApiClient(int port) {
        this(port, ADMIN_TOKEN);
    }

    /** With the given bearer token; null sends no credentials. */
    public ApiClient(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    public static ApiClient anonymous(int port) {
        return new ApiClient(port, null);
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
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map().getOrDefault("content-type", List.of()),
                    response.headers().firstValue("location").orElse(null), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
