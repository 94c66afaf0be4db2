package dev.autorefresh.api.accounts;

import dev.autorefresh.api.accounts.AccountConstraints.AccountName;
import dev.autorefresh.api.accounts.AccountConstraints.Endpoint;
import dev.autorefresh.api.accounts.AccountConstraints.IsoInstant;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.json.WrongType;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * What the account endpoints accept: one record per body, read strictly (a value of the wrong JSON type is refused,
 * never coerced; unknown fields are ignored) and checked by Bean Validation before anything is loaded or changed.
 * Messages name the field and never echo its value, which may be a secret.
 */
final class AccountRequests {

    private static final java.util.regex.Pattern CANONICAL_UUID = java.util.regex.Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    // Secrets end up in HTTP headers: printable ASCII only, so no header can be split or smuggled.
    private static final String SECRET = "^[\\x21-\\x7E]{1,8192}$";
    private static final String SECRET_RULE = " must be 1-8192 printable ASCII characters without spaces";
    private static final String FLAG_RULE = "1, 0, true or false";
    private static final String PRIORITY_RULE = "an integer from 0 to 100";
    private static final String CREDENTIALS_RULE = "give either apiKey, or accessToken and expiresAt (refreshToken "
            + "optional), or Claude Code's claudeAiOauth object as its .credentials.json holds it";
    private static final String INSTANT_RULE = "expiresAt must be an ISO-8601 instant, like 2026-01-01T00:00:00Z";
    /** The object Claude Code keeps its OAuth login in ({@code ~/.claude/.credentials.json}), taken as it is. */
    static final String CLAUDE_CODE = "claudeAiOauth";
    private static final String CLAUDE_CODE_RULE = CLAUDE_CODE + " must be the object from Claude Code's "
            + ".credentials.json: accessToken, refreshToken and expiresAt (epoch milliseconds)";
    private static final String CLAUDE_CODE_EXPIRY = CLAUDE_CODE + ".expiresAt is required: the access token's "
            + "expiry in epoch milliseconds, as Claude Code writes it";
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

    static AccountNotFound notFound(Object id) {
        return new AccountNotFound(id);
    }

    /** The guide's {@code {"enabled": 1}}. */
    record EnabledRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "1 (on) or 0 (off), as the guide sends it; true and false are taken too")
            @NotNull(message = "enabled is required: " + FLAG_RULE)
            @WrongType("enabled must be " + FLAG_RULE)
            @JsonDeserialize(using = RequestValues.Flag.class) Boolean enabled) {
    }

    record PriorityRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "0 to 100; lower runs first")
            @NotNull(message = "priority is required: " + PRIORITY_RULE)
            @Min(value = AccountRules.MIN_PRIORITY, message = "priority must be " + PRIORITY_RULE)
            @Max(value = AccountRules.MAX_PRIORITY, message = "priority must be " + PRIORITY_RULE)
            @WrongType("priority must be " + PRIORITY_RULE) Integer priority) {
    }

    record RenameRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = AccountRules.NAME_RULE)
            @NotNull(message = "name is required: a string") @AccountName String name) {
    }

    /** The field must be there: absent is refused, while {@code null} or {@code ""} clears the endpoint. */
    record CustomEndpointRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = true,
                    description = "An absolute http(s) URL; null or \"\" clears it")
            @NotNull(message = "customEndpoint is required: an http(s) URL, or null or \"\" to clear it")
            @Endpoint @JsonDeserialize(using = RequestValues.NullIsEmpty.class) String customEndpoint) {

        /** Null when the endpoint is to be cleared. */
        String endpoint() {
            return customEndpoint.isEmpty() ? null : customEndpoint;
        }

        /** Its query string may carry a key. */
        @Override
        public String toString() {
            return "CustomEndpointRequest[****]";
        }
    }

    /**
     * An API key, or OAuth tokens, or Claude Code's login object. Which fields must be there depends on which others
     * are (one kind of credentials, and that kind's required fields): a rule over several fields, so an explicit
     * check in {@link #credentials()} after the per-field constraints, not a constraint of its own.
     */
    record CredentialsRequest(
            @Schema(description = "An Anthropic API key") @Pattern(regexp = SECRET, message = "apiKey" + SECRET_RULE)
            String apiKey,
            @Schema(description = "An OAuth access token; needs expiresAt")
            @Pattern(regexp = SECRET, message = "accessToken" + SECRET_RULE) String accessToken,
            @Schema(description = "An OAuth refresh token (optional)")
            @Pattern(regexp = SECRET, message = "refreshToken" + SECRET_RULE) String refreshToken,
            @Schema(description = "When the access token expires", format = "date-time")
            @IsoInstant(message = INSTANT_RULE) String expiresAt,
            @Valid @WrongType(CLAUDE_CODE_RULE) ClaudeAiOauth claudeAiOauth) {

        Credentials credentials() {
            boolean key = apiKey != null;
            boolean oauth = accessToken != null || refreshToken != null || expiresAt != null;
            boolean claudeCode = claudeAiOauth != null;
            int given = (key ? 1 : 0) + (oauth ? 1 : 0) + (claudeCode ? 1 : 0);
            if (given != 1) {
                String problem = given == 0 ? "credentials are required: "
                        : claudeCode ? "an account has one set of credentials, not several: "
                        : "an account has an API key or OAuth tokens, not both: ";
                throw invalid("credentials", problem + CREDENTIALS_RULE);
            }
            if (claudeCode) {
                return new Credentials.OAuth(claudeAiOauth.accessToken(), claudeAiOauth.refreshToken(),
                        Instant.ofEpochMilli(claudeAiOauth.expiresAt()));
            }
            if (key) {
                return new Credentials.ApiKey(apiKey);
            }
            if (accessToken == null) {
                throw invalid("accessToken", "accessToken is required: a string");
            }
            if (expiresAt == null) {
                throw invalid("expiresAt", "expiresAt is required: a string");
            }
            return new Credentials.OAuth(accessToken, refreshToken, Instant.parse(expiresAt));
        }

        @Override
        public String toString() {
            return "CredentialsRequest[****]";
        }
    }

    /** An account to add: the name and one kind of credentials, in the same object, are required. */
    record NewAccountRequest(
            @Schema(description = AccountRules.NAME_RULE + "; or the name query parameter")
            @AccountName String name,
            @Schema(description = "Lower-case letters, digits or '-'", defaultValue = AccountRules.ANTHROPIC)
            @Pattern(regexp = AccountRules.PROVIDER_REGEX, message = "provider must be lower-case letters, digits or "
                    + "'-' (default " + AccountRules.ANTHROPIC + ")") String provider,
            @Schema(description = "0 to 100; lower runs first", defaultValue = "0")
            @Min(value = AccountRules.MIN_PRIORITY, message = "priority must be " + PRIORITY_RULE)
            @Max(value = AccountRules.MAX_PRIORITY, message = "priority must be " + PRIORITY_RULE)
            @WrongType("priority must be " + PRIORITY_RULE) Integer priority,
            @Schema(description = "An absolute http(s) URL to send the dummy message to instead of Anthropic's")
            @Endpoint String customEndpoint,
            @Valid @JsonUnwrapped CredentialsRequest credentials) {

        /**
         * @param nameParameter the {@code name} query parameter, used when the body has none: Claude Code's
         *                      credentials file can then be posted as it is
         */
        NewAccount toNewAccount(String nameParameter) {
            String chosen = name != null ? name : nameParameter;
            if (chosen == null) {
                throw invalid("name", "name is required: a string");
            }
            if (!AccountRules.validName(chosen)) {
                throw invalid("name", "name must be " + AccountRules.NAME_RULE);
            }
            String endpoint = customEndpoint == null || customEndpoint.isEmpty() ? null : customEndpoint;
            return new NewAccount(chosen, provider == null ? AccountRules.ANTHROPIC : provider,
                    credentials.credentials(), priority == null ? AccountRules.MIN_PRIORITY : priority, endpoint);
        }

        /** The endpoint's query string may carry a key. */
        @Override
        public String toString() {
            return "NewAccountRequest[name=" + name + ", ****]";
        }
    }

    /**
     * Claude Code's {@code claudeAiOauth} as its file holds it: its other fields (scopes, subscription type) are not
     * needed here. A value of the wrong JSON type is refused in the same words as a missing one.
     */
    record ClaudeAiOauth(
            @NotNull(message = CLAUDE_CODE + ".accessToken" + SECRET_RULE)
            @Pattern(regexp = SECRET, message = CLAUDE_CODE + ".accessToken" + SECRET_RULE)
            @WrongType(CLAUDE_CODE + ".accessToken" + SECRET_RULE) String accessToken,
            @Pattern(regexp = SECRET, message = CLAUDE_CODE + ".refreshToken" + SECRET_RULE)
            @WrongType(CLAUDE_CODE + ".refreshToken" + SECRET_RULE) String refreshToken,
            @Schema(description = "Epoch milliseconds")
            @NotNull(message = CLAUDE_CODE_EXPIRY)
            @Min(value = SMALLEST_MILLIS, message = CLAUDE_CODE + ".expiresAt must be in epoch milliseconds (this "
                    + "looks like seconds)")
            @WrongType(CLAUDE_CODE_EXPIRY) Long expiresAt) {

        @Override
        public String toString() {
            return "ClaudeAiOauth[****]";
        }
    }

    private static InvalidRequest invalid(String field, String message) {
        return new InvalidRequest(message, Map.of("field", field));
    }
}
