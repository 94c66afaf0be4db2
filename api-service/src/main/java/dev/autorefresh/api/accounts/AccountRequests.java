package dev.autorefresh.api.accounts;

import dev.autorefresh.api.web.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** What the account endpoints accept, checked before anything is loaded or changed. */
final class AccountRequests {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    // Secrets end up in HTTP headers: printable ASCII only, so no header can be split or smuggled.
    private static final Pattern SECRET = Pattern.compile("^[\\x21-\\x7E]{1,8192}$");
    private static final String CREDENTIALS_RULE =
            "give either apiKey, or accessToken and expiresAt (refreshToken optional)";

    private AccountRequests() {
    }

    /** A malformed id names no account: 404, like an unknown one. */
    static UUID id(String raw) {
        if (raw == null || !CANONICAL_UUID.matcher(raw).matches()) {
            throw notFound(raw);
        }
        return UUID.fromString(raw);
    }

    static ApiException notFound(Object id) {
        return ApiException.notFound("account not found", Map.of("id", String.valueOf(id)));
    }

    static NewAccount newAccount(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String name = name(fields);
        String provider = fields.has("provider") ? fields.text("provider") : AccountRules.ANTHROPIC;
        if (!AccountRules.PROVIDER.matcher(provider).matches()) {
            throw RequestFields.invalid("provider", "provider must be lower-case letters, digits or '-' (default "
                    + AccountRules.ANTHROPIC + ")");
        }
        int priority = fields.has("priority")
                ? fields.integer("priority", AccountRules.MIN_PRIORITY, AccountRules.MAX_PRIORITY)
                : AccountRules.MIN_PRIORITY;
        String endpoint = fields.has("customEndpoint") ? endpoint(fields) : null;
        return new NewAccount(name, provider, credentials(fields), priority, endpoint);
    }

    static Credentials credentials(JsonNode body) {
        return credentials(RequestFields.of(body));
    }

    static String name(JsonNode body) {
        return name(RequestFields.of(body));
    }

    static int priority(JsonNode body) {
        return RequestFields.of(body).integer("priority", AccountRules.MIN_PRIORITY, AccountRules.MAX_PRIORITY);
    }

    static boolean enabled(JsonNode body) {
        return RequestFields.of(body).flag("enabled");
    }

    /** The field must be there; {@code null} or {@code ""} clears the endpoint. */
    static String customEndpoint(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        if (!fields.mentions("customEndpoint")) {
            throw RequestFields.invalid("customEndpoint",
                    "customEndpoint is required: an http(s) URL, or null or \"\" to clear it");
        }
        return fields.has("customEndpoint") ? endpoint(fields) : null;
    }

    private static String name(RequestFields fields) {
        String name = fields.text("name");
        if (!AccountRules.validName(name)) {
            throw RequestFields.invalid("name", "name must be " + AccountRules.NAME_RULE);
        }
        return name;
    }

    private static String endpoint(RequestFields fields) {
        String endpoint = fields.text("customEndpoint");
        if (endpoint.isEmpty()) {
            return null;
        }
        if (!AccountRules.validEndpoint(endpoint)) {
            throw RequestFields.invalid("customEndpoint",
                    "customEndpoint must be an absolute http(s) URL with a host, like https://api.example.com/v1/messages");
        }
        return endpoint;
    }

    private static Credentials credentials(RequestFields fields) {
        boolean key = fields.has("apiKey");
        boolean oauth = fields.has("accessToken") || fields.has("refreshToken") || fields.has("expiresAt");
        if (key == oauth) {
            throw ApiException.badRequest(key ? "an account has an API key or OAuth tokens, not both: " + CREDENTIALS_RULE
                    : "credentials are required: " + CREDENTIALS_RULE, Map.of("field", "credentials"));
        }
        if (key) {
            return new Credentials.ApiKey(secret(fields, "apiKey"));
        }
        String refreshToken = fields.has("refreshToken") ? secret(fields, "refreshToken") : null;
        return new Credentials.OAuth(secret(fields, "accessToken"), refreshToken, fields.instant("expiresAt"));
    }

    private static String secret(RequestFields fields, String field) {
        String value = fields.text(field);
        if (!SECRET.matcher(value).matches()) {
            throw RequestFields.invalid(field, field + " must be 1-8192 printable ASCII characters without spaces");
        }
        return value;
    }
}
