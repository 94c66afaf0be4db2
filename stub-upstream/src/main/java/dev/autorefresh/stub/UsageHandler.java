package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.UnaryOperator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET .../api/oauth/usage}: the free question "is a five-hour window open for this token?", answered from
 * the same per-account windows the messages path opens. Never opens or extends a window itself.
 */
final class UsageHandler implements HttpHandler {

    static final String PATH = "/api/oauth/usage";
    static final String OAUTH_BETA = "oauth-2025-04-20";

    private final AtomicReference<UsageFailure> failure;
    private final Windows windows;
    private final UsageStats stats;
    private final AnthropicReplies replies;
    private final JsonMapper json;
    private final InstantSource clock;
    private final UnaryOperator<AccountKey> accountOf;

    UsageHandler(AtomicReference<UsageFailure> failure, Windows windows, UsageStats stats, AnthropicReplies replies,
            JsonMapper json, InstantSource clock, UnaryOperator<AccountKey> accountOf) {
        this.failure = failure;
        this.windows = windows;
        this.stats = stats;
        this.replies = replies;
        this.json = json;
        this.clock = clock;
        this.accountOf = accountOf;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant now = clock.instant();
        exchange.getResponseHeaders().set("request-id", AnthropicReplies.newRequestId());
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("allow", "GET");
            send(exchange, 405, replies.error("invalid_request_error",
                    "Method " + exchange.getRequestMethod() + " not allowed: use GET"));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            send(exchange, 401, replies.error("authentication_error", "OAuth bearer token required"));
            return;
        }
        String beta = exchange.getRequestHeaders().getFirst("anthropic-beta");
        if (beta == null || !beta.contains(OAUTH_BETA)) {
            send(exchange, 401, replies.error("authentication_error",
                    "OAuth authentication is currently not supported without anthropic-beta: " + OAUTH_BETA));
            return;
        }
        AccountKey account = accountOf.apply(AccountKey.of(authorization.substring(7).strip()));
        switch (failure.get()) {
            case SCOPE_MISSING -> send(exchange, 403, replies.error("permission_error",
                    "OAuth token does not meet scope requirement user:profile"));
            case NOT_FOUND -> send(exchange, 404, replies.error("not_found_error", "Not found"));
            case SERVER_ERROR -> send(exchange, 500, replies.error("api_error", "Internal server error"));
            case UNKNOWN_SHAPE -> {
                ObjectNode body = json.createObjectNode();
                body.putObject("limits").put("session_percent", 12);
                send(exchange, 200, json.writeValueAsBytes(body));
            }
            case NONE -> send(exchange, 200, usage(windows.usage(account, now)));
        }
    }

    private byte[] usage(Optional<Windows.Usage> open) {
        ObjectNode body = json.createObjectNode();
        ObjectNode fiveHour = body.putObject("five_hour");
        if (open.isPresent()) {
            fiveHour.put("utilization", open.get().utilization());
            fiveHour.put("resets_at", open.get().reset().toString());
        } else {
            fiveHour.put("utilization", 0.0);
            fiveHour.putNull("resets_at");
        }
        // The stub keeps no weekly window; the field is there because the real answer has it.
        body.putObject("seven_day").put("utilization", 0.0).putNull("resets_at");
        return json.writeValueAsBytes(body);
    }

    private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        stats.record(status);
        Exchanges.sendJson(exchange, status, body);
    }
}
