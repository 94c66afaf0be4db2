package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The public API describes itself; the workers' internal endpoint stays out of the description. */
@ApiTest
class OpenApiTest {

    @LocalServerPort
    int port;

    @Test
    void theDescriptionListsThePublicApiAndNotTheInternalEndpoint() {
        ApiClient.Reply reply = new ApiClient(port).get("/v3/api-docs");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.propertyNames()).contains("/api/accounts", "/api/accounts/{id}",
                "/api/accounts/{id}/auto-refresh", "/api/accounts/{id}/auto-fallback",
                "/api/accounts/{id}/custom-endpoint", "/api/accounts/{id}/refreshes", "/api/stats",
                "/api/stats/timeline", "/api/stats/lag", "/health");
        assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/internal") || path.equals("/error"));
        assertThat(reply.body()).doesNotContain("/internal/", "credentials?refreshId");
        assertThat(reply.json().get("info").get("title").stringValue()).isEqualTo("auto-refresh API");
    }

    @Test
    void theGuidesBodiesAreTheExamples() {
        JsonNode paths = new ApiClient(port).get("/v3/api-docs").json().get("paths");

        JsonNode autoRefresh = paths.get("/api/accounts/{id}/auto-refresh").get("post");
        assertThat(autoRefresh.get("requestBody").get("content").get("application/json").get("example").toString())
                .isEqualTo("{\"enabled\":1}");
        assertThat(autoRefresh.get("responses").get("4XX").get("content").get("application/json").get("schema")
                .get("$ref").stringValue()).isEqualTo("#/components/schemas/ApiError");
        assertThat(paths.get("/api/accounts").get("post").get("responses").propertyNames()).contains("201");
    }

    @Test
    void swaggerUiIsServed() {
        var api = new ApiClient(port);

        ApiClient.Reply redirect = api.get("/swagger-ui.html");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.location()).endsWith("/swagger-ui/index.html");
        ApiClient.Reply page = api.get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}
