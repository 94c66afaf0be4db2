package dev.autorefresh.stub;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;

/** Checks a Messages API call the way Anthropic would, before anything is counted against a window. */
final class MessageRequestValidator {

    static final String OAUTH_BETA = "oauth-2025-04-20";

    private final JsonMapper json;
    private final UnaryOperator<AccountKey> accountOf;

    MessageRequestValidator(JsonMapper json) {
        this(json, UnaryOperator.identity());
    }

    /** @param accountOf the account a credential counts for (an issued OAuth token counts for its lineage) */
    MessageRequestValidator(JsonMapper json, UnaryOperator<AccountKey> accountOf) {
        this.accountOf = accountOf;
        this.json = json;
    }

    sealed interface Verdict {
    }

    record Accepted(AccountKey account, String model, int maxTokens) implements Verdict {
    }

    record Rejected(int status, String errorType, String message) implements Verdict {

        static Rejected invalid(String message) {
            return new Rejected(400, "invalid_request_error", message);
        }

        static Rejected unauthenticated(String message) {
            return new Rejected(401, "authentication_error", message);
        }
    }

    Verdict validate(Headers headers, byte[] body) {
        String apiKey = headers.getFirst("x-api-key");
        String authorization = headers.getFirst("authorization");
        AccountKey account;
        if (apiKey != null && !apiKey.isBlank()) {
            account = AccountKey.of(apiKey.strip());
        } else if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
                return Rejected.unauthenticated("authorization: expected 'Bearer <token>'");
            }
            if (!betaFlags(headers).contains(OAUTH_BETA)) {
                return Rejected.unauthenticated(
                        "OAuth authentication is currently not supported (anthropic-beta: " + OAUTH_BETA + " is required)");
            }
            account = AccountKey.of(authorization.substring(7).strip());
        } else {
            return Rejected.unauthenticated("x-api-key header is required");
        }
        String version = headers.getFirst("anthropic-version");
        if (version == null || version.isBlank()) {
            return Rejected.invalid("anthropic-version: header is required");
        }
        return validateBody(accountOf.apply(account), body);
    }

    private Verdict validateBody(AccountKey account, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException malformed) {
            return Rejected.invalid("There was an error parsing the body of your request: it is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return Rejected.invalid("The body of your request must be a JSON object");
        }
        JsonNode model = root.get("model");
        if (model == null) {
            return Rejected.invalid("model: Field required");
        }
        if (!model.isString() || model.stringValue().isBlank()) {
            return Rejected.invalid("model: Input should be a non-empty string");
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null) {
            return Rejected.invalid("max_tokens: Field required");
        }
        if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt()) {
            return Rejected.invalid("max_tokens: Input should be a valid integer");
        }
        if (maxTokens.intValue() < 1) {
            return Rejected.invalid("max_tokens: Input should be greater than or equal to 1");
        }
        String messagesProblem = messagesProblem(root.get("messages"));
        if (messagesProblem != null) {
            return Rejected.invalid(messagesProblem);
        }
        return new Accepted(account, model.stringValue(), maxTokens.intValue());
    }

    private static String messagesProblem(JsonNode messages) {
        if (messages == null) {
            return "messages: Field required";
        }
        if (!messages.isArray()) {
            return "messages: Input should be a valid list";
        }
        if (messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                return "messages." + i + ": Input should be an object with role and content";
            }
            JsonNode role = message.get("role");
            if (role == null || !role.isString() || !List.of("user", "assistant").contains(role.stringValue())) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant'";
            }
            JsonNode content = message.get("content");
            if (content == null) {
                return "messages." + i + ".content: Field required";
            }
            if (!content.isString() && !content.isArray()) {
                return "messages." + i + ".content: Input should be a string or a list of content blocks";
            }
            if (content.isArray() ? content.isEmpty() : content.stringValue().isBlank()) {
                return "messages." + i + ": all messages must have non-empty content";
            }
        }
        return null;
    }

    private static List<String> betaFlags(Headers headers) {
        List<String> values = headers.getOrDefault("anthropic-beta", List.of());
        return values.stream()
                .flatMap(value -> List.of(value.split(",")).stream())
                .map(flag -> flag.strip().toLowerCase(Locale.ROOT))
                .toList();
    }
}
