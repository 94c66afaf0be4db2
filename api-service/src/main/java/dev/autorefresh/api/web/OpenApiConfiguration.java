package dev.autorefresh.api.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public REST API's description, served at {@code /v3/api-docs} and browsable at {@code /swagger-ui.html}.
 * {@code /internal/**} is left out (springdoc.paths-to-exclude): it is for workers only. The controllers read their
 * bodies strictly as JSON trees, so the bodies' shapes are described here, with the guide's own examples.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String JSON = "application/json";

    @Bean
    OpenAPI autoRefreshApi() {
        return new OpenAPI()
                // Swagger UI's "Authorize" takes an API token; the dashboard's session cookie works there too.
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token: POST /api/tokens, or the first admin token of the first start")))
                .addSecurityItem(new SecurityRequirement().addList("token"))
                .info(new Info()
                .title("auto-refresh API")
                .version("1")
                .description("""
                        Accounts and their auto-refresh state. Flags take {"enabled": 1} or 0 (or true/false); \
                        errors are {"error": "...", "details": ...} with a 4xx status and change nothing. \
                        Every /api route needs Authorization: Bearer <API token>; viewers read, admins change. \
                        Tokens and API keys are accepted, never returned."""));
    }

    @Bean
    OpenApiCustomizer requestBodiesAndErrors() {
        return openApi -> {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("name", "my-account");
            account.put("apiKey", "sk-ant-...");
            account.put("priority", 1);
            body(openApi, "/api/accounts", "An API key, or accessToken + expiresAt (refreshToken optional); "
                    + "provider (default anthropic), priority 0-100 and customEndpoint are optional", account);
            body(openApi, "/api/accounts/{id}/auto-refresh", "1, 0, true or false", Map.of("enabled", 1));
            body(openApi, "/api/accounts/{id}/auto-fallback", "1, 0, true or false", Map.of("enabled", 1));
            body(openApi, "/api/accounts/{id}/custom-endpoint", "An http(s) URL; null or \"\" clears it",
                    Map.of("customEndpoint", "https://custom.api.endpoint/v1/messages"));
            body(openApi, "/api/accounts/{id}/priority", "0 to 100", Map.of("priority", 5));
            body(openApi, "/api/accounts/{id}/rename", "The new name", Map.of("name", "new-name"));
            body(openApi, "/api/accounts/{id}/credentials", "Like when adding: an API key, or OAuth tokens; "
                    + "lifts a re-authentication block", Map.of("accessToken", "sk-ant-oat01-...",
                            "expiresAt", "2026-12-01T00:00:00Z"));
            status(openApi, "/api/accounts", PathItem.HttpMethod.POST, "201", "The account, as listed");
            status(openApi, "/api/accounts/{id}", PathItem.HttpMethod.DELETE, "204", "Deleted");
            openApi.getComponents().addSchemas("ApiError", new ObjectSchema()
                    .addProperty("error", new Schema<String>().type("string"))
                    .addProperty("details", new ObjectSchema()));
            openApi.getComponents().getSchemas().remove("JsonNode");
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                    operation.getResponses().addApiResponse("4XX", new ApiResponse()
                            .description("Refused; nothing changed")
                            .content(new Content().addMediaType(JSON, new MediaType()
                                    .schema(new Schema<>().$ref("#/components/schemas/ApiError")))))));
        };
    }

    private static void body(OpenAPI openApi, String path, String description, Map<String, Object> example) {
        Operation post = openApi.getPaths().get(path).getPost();
        post.setRequestBody(new RequestBody().required(true).description(description)
                .content(new Content().addMediaType(JSON, new MediaType().schema(new ObjectSchema()).example(example))));
    }

    private static void status(OpenAPI openApi, String path, PathItem.HttpMethod method, String code,
            String description) {
        Operation operation = openApi.getPaths().get(path).readOperationsMap().get(method);
        ApiResponses responses = operation.getResponses();
        ApiResponse ok = responses.remove("200");
        responses.addApiResponse(code, ok == null ? new ApiResponse().description(description)
                : ok.description(description));
    }
}
