package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_stub/faults} (per-account fault modes, and a window opened by the user's own traffic) and
 * {@code /_stub/accounts} (per-account figures). An account is named by the SHA-256 (hex) of its credential,
 * so no secret ever crosses these endpoints.
 */
final class FaultsHandler implements HttpHandler {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FAULT_FIELDS = Set.of("account", "mode", "latencyMs");

    private final AccountFaults faults;
    private final Windows windows;
    private final Stats stats;
    private final AtomicReference<StubConfig> config;
    private final JsonMapper json;
    private final RequestLog log;
    private final InstantSource clock;

    FaultsHandler(AccountFaults faults, Windows windows, Stats stats, AtomicReference<StubConfig> config,
            JsonMapper json, RequestLog log, InstantSource clock) {
        this.faults = faults;
        this.windows = windows;
        this.stats = stats;
        this.config = config;
        this.json = json;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            switch (path) {
                case "/_stub/faults" -> {
                    switch (method) {
                        case "GET" -> send(exchange, 200, faults.view());
                        case "POST" -> setFault(exchange);
                        case "DELETE" -> {
                            faults.clear(account(Exchanges.query(exchange).get("account"), false));
                            log.note("Stub faults cleared" + (exchange.getRequestURI().getQuery() == null ? "" : " for one account"));
                            send(exchange, 200, faults.view());
                        }
                        default -> notAllowed(exchange, "GET, POST, DELETE");
                    }
                }
                case "/_stub/faults/user-traffic" -> {
                    if ("POST".equals(method)) {
                        userTraffic(exchange);
                    } else {
                        notAllowed(exchange, "POST");
                    }
                }
                case "/_stub/accounts" -> {
                    if ("GET".equals(method)) {
                        send(exchange, 200, stats.perAccount().snapshot());
                    } else {
                        notAllowed(exchange, "GET");
                    }
                }
                default -> send(exchange, 404, problem("no such endpoint: " + path,
                        "/_stub/faults, /_stub/faults/user-traffic, /_stub/accounts"));
            }
        } catch (JacksonException malformed) {
            send(exchange, 400, problem("the body is not valid JSON", null));
        } catch (IllegalArgumentException invalid) {
            send(exchange, 400, problem("invalid fault", invalid.getMessage()));
        } catch (Exchanges.BodyTooLarge tooLarge) {
            send(exchange, 413, problem(tooLarge.getMessage(), null));
        }
    }

    private void setFault(HttpExchange exchange) throws IOException {
        JsonNode body = object(Exchanges.readBody(exchange));
        for (String name : body.propertyNames()) {
            if (!FAULT_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (allowed: " + new TreeSet<>(FAULT_FIELDS) + ")");
            }
        }
        if (!body.has("mode") || !body.get("mode").isString()) {
            throw new IllegalArgumentException("mode is required, one of " + java.util.Arrays.stream(FaultMode.values())
                    .map(FaultMode::wireName).toList());
        }
        FaultMode mode = FaultMode.parse(body.get("mode").stringValue());
        long latency = 0;
        if (body.has("latencyMs")) {
            JsonNode value = body.get("latencyMs");
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new IllegalArgumentException("latencyMs must be a whole number");
            }
            latency = value.longValue();
        }
        AccountKey account = account(body.has("account") ? text(body, "account") : null, false);
        faults.set(account, new AccountFaults.Fault(mode, Duration.ofMillis(latency)));
        log.note("Stub fault " + mode.wireName() + " for " + (account == null ? "every account" : account.fingerprint()));
        send(exchange, 200, faults.view());
    }

    /** The account's window starts now as if its user had sent a message: our next call into it is a duplicate. */
    private void userTraffic(HttpExchange exchange) throws IOException {
        JsonNode body = object(Exchanges.readBody(exchange));
        AccountKey account = account(body.has("account") ? text(body, "account") : null, true);
        Windows.WindowOutcome window = windows.touch(account, clock.instant(), config.get());
        stats.perAccount().userWindow(account, window.reset());
        send(exchange, 200, Map.of("account", account.hash(), "reset", window.reset().toString(),
                "started", window.started()));
    }

    private JsonNode object(byte[] body) {
        JsonNode node = json.readTree(body);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        if (!body.get(field).isString()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return body.get(field).stringValue();
    }

    private static AccountKey account(String hash, boolean required) {
        if (hash == null) {
            if (required) {
                throw new IllegalArgumentException("account (the SHA-256 of the credential, hex) is required");
            }
            return null;
        }
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("account must be the SHA-256 of the credential as 64 lowercase hex digits");
        }
        return new AccountKey(hash);
    }

    private void notAllowed(HttpExchange exchange, String methods) throws IOException {
        exchange.getResponseHeaders().set("allow", methods);
        send(exchange, 405, problem("method " + exchange.getRequestMethod() + " not allowed", "allowed: " + methods));
    }

    private static Map<String, Object> problem(String error, Object details) {
        return details == null ? Map.of("error", error) : Map.of("error", error, "details", details);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        Exchanges.sendJson(exchange, status, json.writeValueAsBytes(body));
    }
}
