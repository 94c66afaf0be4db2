package dev.autorefresh.worker.upstream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a dummy message cost: the answer's {@code usage.input_tokens} and {@code usage.output_tokens}. Either may be
 * null when the answer did not say (an unusual proxy, a truncated body): the cost is then unknown, never guessed,
 * and the refresh itself is unaffected.
 */
public record MessageUsage(Integer inputTokens, Integer outputTokens) {

    static final MessageUsage UNKNOWN = new MessageUsage(null, null);

    /** Reads the Messages API answer; anything unreadable is an unknown cost, not an error. */
    static MessageUsage read(JsonMapper json, byte[] body) {
        if (body == null || body.length == 0) {
            return UNKNOWN;
        }
        try {
            JsonNode usage = json.readTree(body).path("usage");
            return new MessageUsage(count(usage.path("input_tokens")), count(usage.path("output_tokens")));
        } catch (JacksonException e) {
            return UNKNOWN;
        }
    }

    private static Integer count(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0 ? node.asInt() : null;
    }
}
