package dev.autorefresh.api.accounts;

import dev.autorefresh.api.web.ApiException;
import java.time.Instant;
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
    private static final String CREDENTIALS_RULE = "give either apiKey, or accessToken and expiresAt (refreshToken "
            + "optional), or Claude Code's claudeAiOauth object as its .credentials.json holds it";
    /** The object Claude Code keeps its OAuth login in ({@code ~/.claude/.credentials.json}), taken as it is. */
    static final String CLAUDE_CODE = "claudeAiOauth";
    private static final String CLAUDE_CODE_RULE = CLAUDE_CODE + " must be the object from Claude Code's "
            + ".credentials.json: accessToken, refreshToken and expiresAt (epoch milliseconds)";
    // Epoch milliseconds below this are a date in 1973: the value is seconds, which Claude Code never writes.
    private static final long SMALLEST_MILLIS = 100_000_000_000L;

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
        return newAccount(body, null);
    }

    /**
     * @param nameParameter the {@code name} query parameter, used when the body has none: Claude Code's credentials
     *                      file can then be posted as it is
     */
    static NewAccount newAccount(JsonNode body, String nameParameter) {
        RequestFields fields = RequestFields.of(body);
        String name = !fields.mentions("name") && nameParameter != null ? validName(nameParameter) : name(fields);
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
        return validName(fields.text("name"));
    }

    private static String validName(String name) {
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
        boolean claudeCode = fields.has(CLAUDE_CODE);
        int given = (key ? 1 : 0) + (oauth ? 1 : 0) + (claudeCode ? 1 : 0);
        if (given != 1) {
            String problem = given == 1 ? null : given == 0 ? "credentials are required: "
                    : claudeCode ? "an account has one set of credentials, not several: "
                    : "an account has an API key or OAuth tokens, not both: ";
            throw ApiException.badRequest(problem + CREDENTIALS_RULE, Map.of("field", "credentials"));
        }
        if (claudeCode) {
            return claudeCode(fields.object(CLAUDE_CODE, CLAUDE_CODE_RULE));
        }
        if (key) {
            return new Credentials.ApiKey(secret(fields, "apiKey"));
        }
        String refreshToken = fields.has("refreshToken") ? secret(fields, "refreshToken") : null;
        return new Credentials.OAuth(secret(fields, "accessToken"), refreshToken, fields.instant("expiresAt"));
    }

    /** Claude Code's {@code claudeAiOauth}: its other fields (scopes, subscription type) are not needed here. */
    private static Credentials claudeCode(RequestFields login) {
        String accessToken = claudeCodeSecret(login, "accessToken");
        String refreshToken = login.has("refreshToken") ? claudeCodeSecret(login, "refreshToken") : null;
        String expiresAt = CLAUDE_CODE + ".expiresAt";
        long millis = login.wholeNumber("expiresAt", expiresAt,
                expiresAt + " is required: the access token's expiry in epoch milliseconds, as Claude Code writes it");
        if (millis < SMALLEST_MILLIS) {
            throw RequestFields.invalid(expiresAt, expiresAt + " must be in epoch milliseconds (this looks like seconds)");
        }
        return new Credentials.OAuth(accessToken, refreshToken, Instant.ofEpochMilli(millis));
    }

    private static String claudeCodeSecret(RequestFields login, String field) {
        String name = CLAUDE_CODE + "." + field;
        String value = login.has(field) ? login.optionalTextOrNull(field) : null;
        if (value == null || !SECRET.matcher(value).matches()) {
            throw RequestFields.invalid(name, name + " must be 1-8192 printable ASCII characters without spaces");
        }
        return value;
    }

    private static String secret(RequestFields fields, String field) {
        String value = fields.text(field);
        if (!SECRET.matcher(value).matches()) {
            throw RequestFields.invalid(field, field + " must be 1-8192 printable ASCII characters without spaces");
        }
        return value;
    }
}
