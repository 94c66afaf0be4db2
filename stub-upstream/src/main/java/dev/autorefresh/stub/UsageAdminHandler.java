package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_stub/usage}: how the usage endpoint behaves and what it was asked ({@code GET}; {@code POST
 * {"failure": "none|403|404|500|unknown_shape"}}), and {@code POST /_stub/usage/open {"credential": "..."}} to
 * open an account's window the way the user's own traffic would: the window counts, the message is not ours.
 */
final class UsageAdminHandler implements HttpHandler {

    private final AtomicReference<UsageFailure> failure;
    private final AtomicReference<StubConfig> config;
    private final Windows windows;
    private final UsageStats stats;
    private final JsonMapper json;
    private final RequestLog log;
    private final InstantSource clock;

    UsageAdminHandler(AtomicReference<UsageFailure> failure, AtomicReference<StubConfig> config, Windows windows,
            UsageStats stats, JsonMapper json, RequestLog log, InstantSource clock) {
        this.failure = failure;
        this.config = config;
        this.windows = windows;
        this.stats = stats;
        this.json = json;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if ("/_stub/usage".equals(path) && "GET".equals(method)) {
            send(exchange, 200, view());
        } else if ("/_stub/usage".equals(path) && "POST".equals(method)) {
            JsonNode body = body(exchange);
            if (body == null) {
                return;
            }
            JsonNode value = body.get("failure");
            if (body.size() != 1 || value == null || !value.isString()) {
                send(exchange, 400, problem("the body must be {\"failure\": \"none|403|404|500|unknown_shape\"}"));
                return;
            }
            try {
                failure.set(UsageFailure.parse(value.stringValue()));
            } catch (IllegalArgumentException invalid) {
                send(exchange, 400, Map.of("error", "invalid usage failure", "details", invalid.getMessage()));
                return;
            }
            log.note("Stub usage endpoint failure mode: " + failure.get().wireName());
            send(exchange, 200, view());
        } else if ("/_stub/usage/open".equals(path) && "POST".equals(method)) {
            JsonNode body = body(exchange);
            if (body == null) {
                return;
            }
            JsonNode credential = body.get("credential");
            if (credential == null || !credential.isString() || credential.stringValue().isBlank()) {
                send(exchange, 400, problem("the body must be {\"credential\": \"<the account's token or key>\"}"));
                return;
            }
            // The window opens (or is used) like a message would, but nothing lands in the messages stats.
            Windows.WindowOutcome window = windows.touch(AccountKey.of(credential.stringValue()), clock.instant(),
                    config.get());
            send(exchange, 200, Map.of("resetsAt", window.reset().toString(), "started", window.started()));
        } else if ("/_stub/usage".equals(path) || "/_stub/usage/open".equals(path)) {
            exchange.getResponseHeaders().set("allow", "/_stub/usage".equals(path) ? "GET, POST" : "POST");
            send(exchange, 405, problem("method " + method + " not allowed"));
        } else {
            send(exchange, 404, Map.of("error", "no such endpoint: " + path,
                    "details", "/_stub/usage, /_stub/usage/open"));
        }
    }

    private Map<String, Object> view() {
        UsageStats.Snapshot snapshot = stats.snapshot();
        return Map.of("failure", failure.get().wireName(), "requests", snapshot.requests(),
                "byStatus", snapshot.byStatus());
    }

    /** The body as JSON, or null after answering 400 / 413. */
    private JsonNode body(HttpExchange exchange) throws IOException {
        try {
            JsonNode body = json.readTree(Exchanges.readBody(exchange));
            if (body != null && body.isObject()) {
                return body;
            }
            send(exchange, 400, problem("the body must be a JSON object"));
        } catch (JacksonException malformed) {
            send(exchange, 400, problem("the body is not valid JSON"));
        } catch (Exchanges.BodyTooLarge tooLarge) {
            send(exchange, 413, problem(tooLarge.getMessage()));
        }
        return null;
    }

    private static Map<String, Object> problem(String error) {
        return Map.of("error", error);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        Exchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }
}
