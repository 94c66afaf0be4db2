package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/** The running stub: one JDK HTTP server, every exchange on its own virtual thread. */
final class StubServer implements AutoCloseable {

    /** Room for a burst of connections (the benchmark's aligned reset) before the kernel refuses any. */
    private static final int BACKLOG = 4096;
    /**
     * The JDK server closes idle keep-alive connections beyond 200. Three benchmark workers keep 300 open, so it kept
     * closing a third of them and the workers kept reconnecting; the real upstream keeps its connections. Read once,
     * when the first server starts; a value given on the command line wins.
     */
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<StubConfig> config;

    private StubServer(HttpServer server, ExecutorService executor, AtomicReference<StubConfig> config) {
        this.server = server;
        this.executor = executor;
        this.config = config;
    }

    static StubServer start(StubSettings settings, InstantSource clock, PrintStream out) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        AtomicReference<StubConfig> config = new AtomicReference<>(settings.initial());
        Windows windows = new Windows();
        Stats stats = new Stats();
        AnthropicReplies replies = new AnthropicReplies(json);
        RequestLog log = new RequestLog(out, settings.logRequests());
        AccountFaults faults = new AccountFaults();
        TokenEndpoint tokens = new TokenEndpoint(config, replies, json, log);
        MessagesHandler messages = new MessagesHandler(config, new MessageRequestValidator(json, tokens::accountOf), replies, windows,
                stats, log, clock, faults);
        AdminHandler admin = new AdminHandler(config, windows, stats, json, log);
        AtomicReference<UsageFailure> usageFailure = new AtomicReference<>(UsageFailure.NONE);
        UsageHandler usage = new UsageHandler(usageFailure, windows, stats.usage(), replies, json, clock,
                tokens::accountOf);
        UsageAdminHandler usageAdmin = new UsageAdminHandler(usageFailure, config, windows, stats.usage(), json, log,
                clock);

        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "2000");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), BACKLOG);
        server.createContext("/_stub/", guarded(admin, replies));
        server.createContext("/_stub/usage", guarded(usageAdmin, replies));
        FaultsHandler faultsHandler = new FaultsHandler(faults, windows, stats, config, json, log, clock);
        server.createContext("/_stub/faults", guarded(faultsHandler, replies));
        server.createContext("/_stub/accounts", guarded(faultsHandler, replies));
        server.createContext("/_stub/tokens", guarded(exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                Exchanges.sendJson(exchange, 200, json.writeValueAsBytes(tokens.snapshot()));
            } else {
                exchange.getResponseHeaders().set("allow", "GET");
                Exchanges.sendJson(exchange, 405, replies.error("invalid_request_error", "use GET"));
            }
        }, replies));
        // Any path ending in /messages, so custom endpoints (a proxy prefix, a base URL + /v1/messages) work too.
        server.createContext("/", guarded(exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/messages")) {
                messages.handle(exchange);
            } else if (exchange.getRequestURI().getPath().endsWith(UsageHandler.PATH)) {
                usage.handle(exchange);
            } else if (exchange.getRequestURI().getPath().endsWith(TokenEndpoint.PATH)) {
                tokens.handle(exchange);
            } else {
                Exchanges.sendJson(exchange, 404, replies.error("not_found_error",
                        "Not found: " + exchange.getRequestURI().getPath() + " (POST a path ending in /messages)"));
            }
        }, replies));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new StubServer(server, executor, config);
    }

    /**
     * The JDK server drops the connection without a word when a handler throws; answer 500 instead, and
     * say why on stderr (no request content is printed: it may hold a secret).
     */
    private static HttpHandler guarded(HttpHandler handler, AnthropicReplies replies) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException | RuntimeException failure) {
                System.err.println("stub-upstream: " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath() + " failed: " + failure);
                answerIfPossible(exchange, replies);
            } finally {
                exchange.close();
            }
        };
    }

    private static void answerIfPossible(HttpExchange exchange, AnthropicReplies replies) {
        if (exchange.getResponseCode() != -1) {
            return;
        }
        try {
            Exchanges.sendJson(exchange, 500, replies.error("api_error", "stub-upstream internal error"));
        } catch (IOException clientGone) {
            // Nobody is listening any more; the failure is already on stderr.
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    StubConfig config() {
        return config.get();
    }

    /** Stops accepting, lets running exchanges finish for up to a second, then interrupts the rest. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
