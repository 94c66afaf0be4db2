package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.worker.http.StatusLine;
import java.net.http.HttpHeaders;
import java.time.Instant;

/** Turns an upstream response into an outcome: the failure policy's view of HTTP statuses and headers. */
final class ResponseClassifier {

    private ResponseClassifier() {
    }

    static FailureKind kindOf(int status) {
        if (status == 401 || status == 403) {
            return FailureKind.AUTH;
        }
        if (status == 429 || status == 529) {
            return FailureKind.RATE_LIMITED;
        }
        return FailureKind.UPSTREAM;
    }

    static UpstreamOutcome classify(int status, HttpHeaders headers, String model, Instant sentAt, long latencyMs,
            Instant receivedAt) {
        return classify(status, headers, model, sentAt, latencyMs, receivedAt, MessageUsage.UNKNOWN);
    }

    static UpstreamOutcome classify(int status, HttpHeaders headers, String model, Instant sentAt, long latencyMs,
            Instant receivedAt, MessageUsage usage) {
        try {
            if (status >= 200 && status <= 299) {
                RateLimitHeaders.Window window = RateLimitHeaders.window(headers);
                return new UpstreamOutcome.WindowStarted(window.resetAt(), window.status(), window.remaining(),
                        status, model, sentAt, latencyMs, window.source(), usage);
            }
            FailureKind kind = kindOf(status);
            Instant retryAfter = kind == FailureKind.RATE_LIMITED ? RateLimitHeaders.retryAfter(headers, receivedAt) : null;
            return new UpstreamOutcome.Failed(kind, status, StatusLine.of(status), retryAfter, sentAt);
        } catch (InvalidHeader e) {
            // Still a 429/529: the api-service waits at least its floor, as for an answer that named no time.
            return new UpstreamOutcome.Failed(kindOf(status), status,
                    StatusLine.of(status) + " with an invalid header: " + e.getMessage(), null, sentAt);
        }
    }
}
