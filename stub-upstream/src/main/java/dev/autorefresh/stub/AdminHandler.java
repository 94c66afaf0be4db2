package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /_stub/*}: health, runtime config (fault injection), measurements and their reset. */
final class AdminHandler implements HttpHandler {

    static final int DEFAULT_SAMPLES = 1_000;
    static final int MAX_SAMPLES = 100_000;

    private final AtomicReference<StubConfig> config;
    private final Windows windows;
    private final Stats stats;
    private final JsonMapper json;
    private final RequestLog log;

    AdminHandler(AtomicReference<StubConfig> config, Windows windows, Stats stats, JsonMapper json, RequestLog log) {
        this.config = config;
        this.windows = windows;
        this.stats = stats;
        this.json = json;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        switch (path) {
            case "/_stub/health" -> {
                if (allowed(exchange, "GET")) {
                    send(exchange, 200, Map.of("status", "UP"));
                }
            }
            case "/_stub/config" -> {
                if ("GET".equals(method)) {
                    send(exchange, 200, ConfigUpdate.View.of(config.get()));
                } else if (allowed(exchange, "GET, POST")) {
                    updateConfig(exchange);
                }
            }
            case "/_stub/stats" -> {
                if (allowed(exchange, "GET")) {
                    stats(exchange);
                }
            }
            case "/_stub/reset" -> {
                if (allowed(exchange, "POST")) {
                    windows.clear();
                    stats.clear();
                    send(exchange, 200, Map.of("status", "RESET"));
                }
            }
            default -> send(exchange, 404, problem("no such endpoint: " + path,
                    "/_stub/health, /_stub/config, /_stub/stats, /_stub/reset"));
        }
    }

    private void updateConfig(HttpExchange exchange) throws IOException {
        StubConfig updated;
        try {
            JsonNode body = json.readTree(Exchanges.readBody(exchange));
            // Compare-and-set so two concurrent updates cannot silently drop each other's fields.
            StubConfig current;
            do {
                current = config.get();
                updated = ConfigUpdate.apply(current, body);
            } while (!config.compareAndSet(current, updated));
        } catch (JacksonException malformed) {
            send(exchange, 400, problem("the body is not valid JSON", null));
            return;
        } catch (IllegalArgumentException invalid) {
            send(exchange, 400, problem("invalid config", invalid.getMessage()));
            return;
        } catch (Exchanges.BodyTooLarge tooLarge) {
            send(exchange, 413, problem(tooLarge.getMessage(), null));
            return;
        }
        log.note("Stub config changed: " + json.writeValueAsString(ConfigUpdate.View.of(updated)));
        send(exchange, 200, ConfigUpdate.View.of(updated));
    }

    private void stats(HttpExchange exchange) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        int samples = 0;
        if (Boolean.parseBoolean(query.getOrDefault("samples", "false"))) {
            try {
                samples = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_SAMPLES)));
            } catch (NumberFormatException notANumber) {
                samples = -1;
            }
            if (samples < 1 || samples > MAX_SAMPLES) {
                send(exchange, 400, problem("limit must be a number between 1 and " + MAX_SAMPLES, null));
                return;
            }
        }
        send(exchange, 200, stats.snapshot(samples));
    }

    private boolean allowed(HttpExchange exchange, String methods) throws IOException {
        if (List.of(methods.split(", ")).contains(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().set("allow", methods);
        send(exchange, 405, problem("method " + exchange.getRequestMethod() + " not allowed", "allowed: " + methods));
        return false;
    }

    private static Map<String, Object> problem(String error, Object details) {
        return details == null ? Map.of("error", error) : Map.of("error", error, "details", details);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        Exchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }
}
