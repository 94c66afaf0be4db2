package dev.autorefresh.stub;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Answers a valid messages call of an account that has a fault set (see {@link FaultMode}). */
final class FaultyAnswers {

    static final Duration FAR_FUTURE = Duration.ofDays(400);

    private final AnthropicReplies replies;
    private final Windows windows;
    private final Stats stats;
    private final RequestLog log;

    FaultyAnswers(AnthropicReplies replies, Windows windows, Stats stats, RequestLog log) {
        this.replies = replies;
        this.windows = windows;
        this.stats = stats;
        this.log = log;
    }

    void answer(HttpExchange exchange, Instant receivedAt, MessageRequestValidator.Accepted accepted,
            AccountFaults.Fault fault, StubConfig current) throws IOException {
        AccountKey account = accepted.account();
        switch (fault.mode()) {
            case RETRY_AFTER_ZERO -> {
                stats.record(receivedAt, account, 429, null);
                log.failed(receivedAt, account, 429, "rate_limit_error (retry-after 0)");
                sleep(fault.latency());
                exchange.getResponseHeaders().set("retry-after", "0");
                Exchanges.sendJson(exchange, 429, replies.error("rate_limit_error",
                        "Number of requests has exceeded your rate limit (stub fault retry-after-zero)"));
            }
            case API_KEY_HEADERS -> {
                // No subscription window: the call is paid, and nothing says when another would be free.
                stats.record(receivedAt, account, 200, null);
                log.failed(receivedAt, account, 200, "paid, API-key headers only");
                sleep(fault.latency());
                String refill = DateTimeFormatter.ISO_INSTANT.format(
                        receivedAt.plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
                var headers = exchange.getResponseHeaders();
                headers.set("anthropic-ratelimit-requests-limit", "50");
                headers.set("anthropic-ratelimit-requests-remaining", "49");
                headers.set("anthropic-ratelimit-requests-reset", refill);
                headers.set("anthropic-ratelimit-tokens-limit", "40000");
                headers.set("anthropic-ratelimit-tokens-remaining", "39990");
                headers.set("anthropic-ratelimit-tokens-reset", refill);
                sendMessage(exchange, accepted);
            }
            case ANSWER_LOST -> {
                Windows.WindowOutcome window = windows.touch(account, receivedAt, current);
                stats.record(receivedAt, account, 200, window);
                stats.perAccount().answerLost(account);
                log.answered(receivedAt, account, 200, window);
                sleep(fault.latency());
                // Closing an exchange before its headers are sent closes the connection: the caller gets no answer.
                exchange.close();
            }
            case SLOW, FAR_FUTURE_RESET, NO_HEADERS, UNREADABLE_RESET -> {
                Windows.WindowOutcome window = windows.touch(account, receivedAt, current);
                stats.record(receivedAt, account, 200, window);
                log.answered(receivedAt, account, 200, window);
                sleep(fault.latency());
                var headers = exchange.getResponseHeaders();
                switch (fault.mode()) {
                    case SLOW -> AnthropicReplies.windowHeaders(headers, "allowed", window.remaining(), window.reset());
                    case FAR_FUTURE_RESET -> AnthropicReplies.windowHeaders(headers, "allowed", window.remaining(),
                            Windows.ceilToSecond(receivedAt.plus(FAR_FUTURE)));
                    case UNREADABLE_RESET -> {
                        headers.set(AnthropicReplies.STATUS, "allowed");
                        headers.set(AnthropicReplies.REMAINING, String.valueOf(window.remaining()));
                        headers.set(AnthropicReplies.RESET, "soon");
                    }
                    default -> {
                        // NO_HEADERS: nothing about limits at all.
                    }
                }
                sendMessage(exchange, accepted);
            }
        }
    }

    private void sendMessage(HttpExchange exchange, MessageRequestValidator.Accepted accepted) throws IOException {
        Exchanges.sendJson(exchange, 200, replies.message(accepted.model(), accepted.maxTokens(), 12));
    }

    /** On a virtual thread, like the stub's global latency. */
    private static void sleep(Duration latency) throws IOException {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            throw new IOException("stub is shutting down", shuttingDown);
        }
    }
}
