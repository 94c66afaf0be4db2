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
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The public REST API's description, served at {@code /v3/api-docs} and browsable at {@code /swagger-ui.html}.
 * {@code /internal/**} is left out (springdoc.paths-to-exclude): it is for workers only. Bodies and answers are
 * records, described from their types and constraints; this adds the guide's own examples, the error body every
 * refusal has, and the one server: this service, wherever it runs (the committed docs/openapi.json has no port).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String JSON = "application/json";

    static {
        // The dashboard's CSRF token is resolved by Spring Security, not sent by a client as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CsrfToken.class);
    }

    @Bean
    OpenAPI autoRefreshApi() {
        return new OpenAPI()
                // Swagger UI's "Authorize" takes an API token; the dashboard's session cookie works there too.
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API token: POST /api/tokens, or the first admin token of the first start")))
                .addSecurityItem(new SecurityRequirement().addList("token"))
                .servers(List.of(new Server().url("/").description("This service")))
                .info(new Info()
                .title("auto-refresh API")
                .version("1")
                .description("""
                        Accounts and their auto-refresh state. Flags take {"enabled": 1} or 0 (or true/false); \
                        errors are {"error": "...", "details": ...} with a 4xx status and change nothing. \
                        Every /api route needs Authorization: Bearer <API token>; viewers read, admins change. \
                        Tokens and API keys are accepted, never returned."""));
    }

    /**
     * Operation ids from the controller and the method ({@code AccountSettingsController.autoRefresh} is
     * {@code accountSettingsAutoRefresh}): stable names for generated clients, where springdoc's own would number
     * same-named methods ({@code list_1}, {@code list_2}) in an order that can change.
     */
    @Bean
    OperationCustomizer operationIds() {
        return (operation, handler) -> {
            String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
            String method = handler.getMethod().getName();
            return operation.operationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
        };
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
            // The guide's flag as the guide sends it; the record holds it as a Boolean read from 1, 0, true or false.
            Map<String, Schema> enabled = openApi.getComponents().getSchemas().get("EnabledRequest").getProperties();
            Schema<Integer> flag = new Schema<Integer>().types(Set.of("integer"))
                    .description(enabled.get("enabled").getDescription());
            flag.setEnum(List.of(0, 1));
            enabled.put("enabled", flag);
            statuses(openApi);
            openApi.getComponents().addSchemas("ApiError", new ObjectSchema()
                    .addProperty("error", new Schema<String>().types(Set.of("string"))
                            .description("What was refused and why, for people; never a submitted value"))
                    .addProperty("details", new ObjectSchema()
                            .description("Structured details, such as the field or parameter; null when there are none"))
                    .required(List.of("error")));
            // An audit entry's changes are a JSON object as stored: per field, its value before and after.
            openApi.getComponents().getSchemas().remove("JsonNode");
            openApi.getComponents().getSchemas().get("Item").getProperties().put("changes", new ObjectSchema()
                    .description("Per changed field: its value before and after"));
            // Open without a token: the health check, and the dashboard's sign-in (which takes one in its body).
            openApi.getPaths().get("/health").getGet().setSecurity(List.of());
            openApi.getPaths().get("/api/session").getPost().setSecurity(List.of());
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                    operation.getResponses().addApiResponse("4XX", new ApiResponse()
                            .description("Refused; nothing changed")
                            .content(new Content().addMediaType(JSON, new MediaType()
                                    .schema(new Schema<>().$ref("#/components/schemas/ApiError")))))));
        };
    }

    /** The answers that are not a 200, where a controller sets the status itself. */
    private static void statuses(OpenAPI openApi) {
        status(openApi, "/api/accounts", PathItem.HttpMethod.POST, "201", "The account, as listed");
        status(openApi, "/api/accounts/{id}", PathItem.HttpMethod.DELETE, "204", "Deleted");
        status(openApi, "/api/notifications/webhooks", PathItem.HttpMethod.POST, "201",
                "The webhook, with its signing secret: shown this once");
        status(openApi, "/api/notifications/webhooks/{id}", PathItem.HttpMethod.DELETE, "204", "Deleted");
        status(openApi, "/api/tokens", PathItem.HttpMethod.POST, "201", "The token, with its secret: shown this once");
        status(openApi, "/api/session", PathItem.HttpMethod.DELETE, "204", "Signed out");
        openApi.getPaths().get("/api/session").getPost().getResponses().get("200").description("Signed in")
                .content(new Content().addMediaType(JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/Me"))));
    }

    private static void body(OpenAPI openApi, String path, String description, Map<String, Object> example) {
        RequestBody body = openApi.getPaths().get(path).getPost().getRequestBody();
        body.required(true).description(description).getContent().get(JSON).example(example);
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
