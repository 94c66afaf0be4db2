package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** {@code POST .../messages}: validate, count the call against the account's window, answer like Anthropic. */
final class MessagesHandler implements HttpHandler {

    private final AtomicReference<StubConfig> config;
    private final MessageRequestValidator validator;
    private final AnthropicReplies replies;
    private final Windows windows;
    private final Stats stats;
    private final RequestLog log;
    private final InstantSource clock;
    private final AccountFaults faults;
    private final FaultyAnswers faultyAnswers;

    MessagesHandler(AtomicReference<StubConfig> config, MessageRequestValidator validator, AnthropicReplies replies,
            Windows windows, Stats stats, RequestLog log, InstantSource clock, AccountFaults faults) {
        this.faults = faults;
        this.faultyAnswers = new FaultyAnswers(replies, windows, stats, log);
        this.config = config;
        this.validator = validator;
        this.replies = replies;
        this.windows = windows;
        this.stats = stats;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = clock.instant();
        StubConfig current = config.get();
        exchange.getResponseHeaders().set("request-id", AnthropicReplies.newRequestId());
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("allow", "POST");
            reject(exchange, receivedAt, new MessageRequestValidator.Rejected(405, "invalid_request_error",
                    "Method " + exchange.getRequestMethod() + " not allowed: use POST"));
            return;
        }
        byte[] body;
        try {
            body = Exchanges.readBody(exchange);
        } catch (Exchanges.BodyTooLarge tooLarge) {
            reject(exchange, receivedAt, new MessageRequestValidator.Rejected(413, "request_too_large",
                    tooLarge.getMessage()));
            return;
        }
        switch (validator.validate(exchange.getRequestHeaders(), body)) {
            case MessageRequestValidator.Rejected rejected -> reject(exchange, receivedAt, rejected);
            case MessageRequestValidator.Accepted accepted when faults.of(accepted.account()).isPresent() ->
                    faultyAnswers.answer(exchange, receivedAt, accepted, faults.of(accepted.account()).get(), current);
            case MessageRequestValidator.Accepted accepted when current.forceStatus() != null ->
                    forceFailure(exchange, receivedAt, accepted.account(), current);
            case MessageRequestValidator.Accepted accepted -> answer(exchange, receivedAt, accepted, body.length, current);
        }
    }

    private void answer(HttpExchange exchange, Instant receivedAt, MessageRequestValidator.Accepted accepted,
            int bodyLength, StubConfig current) throws IOException {
        Windows.WindowOutcome window = windows.touch(accepted.account(), receivedAt, current);
        stats.record(receivedAt, accepted.account(), 200, window);
        log.answered(receivedAt, accepted.account(), 200, window);
        delay(current);
        AnthropicReplies.windowHeaders(exchange.getResponseHeaders(), "allowed", window.remaining(), window.reset());
        // A rough token count: the reply only has to look plausible.
        Exchanges.sendJson(exchange, 200, replies.message(accepted.model(), accepted.maxTokens(), Math.max(1, bodyLength / 4)));
    }

    private void forceFailure(HttpExchange exchange, Instant receivedAt, AccountKey account, StubConfig current)
            throws IOException {
        int status = current.forceStatus();
        String type = switch (status) {
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        String message = switch (status) {
            case 401 -> "invalid x-api-key (forced by the stub)";
            case 429 -> "Number of requests has exceeded your rate limit (forced by the stub)";
            case 529 -> "Overloaded (forced by the stub)";
            default -> "Internal server error (forced by the stub)";
        };
        if (status == 429 || status == 529) {
            // The limit frees when the open window resets; without one, when Retry-After says.
            Instant reset = windows.openReset(account, receivedAt)
                    .orElseGet(() -> Windows.ceilToSecond(receivedAt.plus(current.retryAfter())));
            AnthropicReplies.windowHeaders(exchange.getResponseHeaders(), status == 429 ? "rejected" : "allowed", 0, reset);
            exchange.getResponseHeaders().set("retry-after", String.valueOf(current.retryAfter().toSeconds()));
        }
        stats.record(receivedAt, account, status, null);
        log.failed(receivedAt, account, status, type);
        delay(current);
        Exchanges.sendJson(exchange, status, replies.error(type, message));
    }

    private void reject(HttpExchange exchange, Instant receivedAt, MessageRequestValidator.Rejected rejected)
            throws IOException {
        stats.record(receivedAt, null, rejected.status(), null);
        log.failed(receivedAt, null, rejected.status(), rejected.errorType());
        Exchanges.sendJson(exchange, rejected.status(), replies.error(rejected.errorType(), rejected.message()));
    }

    /** Runs on a virtual thread, so waiting here costs no platform thread even with thousands in flight. */
    private static void delay(StubConfig current) throws IOException {
        if (current.latency().isZero()) {
            return;
        }
        try {
            Thread.sleep(current.latency());
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            throw new IOException("stub is shutting down", shuttingDown);
        }
    }
}
