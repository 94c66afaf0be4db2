package dev.autorefresh.stub;

import com.sun.net.httpserver.Headers;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Bodies and headers shaped like the real Messages API's, so clients parse the stub as they parse Anthropic. */
final class AnthropicReplies {

    static final String STATUS = "anthropic-ratelimit-unified-status";
    static final String REMAINING = "anthropic-ratelimit-unified-remaining";
    static final String RESET = "anthropic-ratelimit-unified-reset";

    private final JsonMapper json;

    AnthropicReplies(JsonMapper json) {
        this.json = json;
    }

    byte[] message(String model, int maxTokens, int inputTokens) {
        ObjectNode body = json.createObjectNode()
                .put("id", "msg_" + randomHex(12))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        body.putArray("content").addObject().put("type", "text").put("text", "Hello");
        body.put("stop_reason", "max_tokens").putNull("stop_sequence");
        body.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", maxTokens);
        return json.writeValueAsBytes(body);
    }

    byte[] error(String type, String message) {
        ObjectNode body = json.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return json.writeValueAsBytes(body);
    }

    static void windowHeaders(Headers headers, String status, int remaining, Instant reset) {
        headers.set(STATUS, status);
        headers.set(REMAINING, String.valueOf(remaining));
        headers.set(RESET, String.valueOf(reset.getEpochSecond()));
    }

    static String newRequestId() {
        return "req_" + randomHex(12);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
