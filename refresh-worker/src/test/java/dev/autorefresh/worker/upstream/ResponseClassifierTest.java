package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.WindowSource;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseClassifierTest {

    private final Instant sentAt = Instant.parse("2026-11-28T10:00:01Z");
    private final Instant receivedAt = sentAt.plusMillis(300);

    private static HttpHeaders headers(Map<String, String> values) {
        var multi = new java.util.HashMap<String, List<String>>();
        values.forEach((name, value) -> multi.put(name, List.of(value)));
        return HttpHeaders.of(multi, (name, value) -> true);
    }

    @ParameterizedTest
    @CsvSource({
            "401, AUTH", "403, AUTH",
            "429, RATE_LIMITED", "529, RATE_LIMITED",
            "400, UPSTREAM", "404, UPSTREAM", "500, UPSTREAM", "502, UPSTREAM", "503, UPSTREAM", "302, UPSTREAM"})
    void mapsAStatusToItsFailureKind(int status, FailureKind kind) {
        assertThat(ResponseClassifier.kindOf(status)).isEqualTo(kind);
    }

    @Test
    void aSuccessStartsTheWindowFromTheHeaders() {
        var outcome = ResponseClassifier.classify(200, headers(Map.of(
                        "anthropic-ratelimit-unified-reset", "1795860000",
                        "anthropic-ratelimit-unified-status", "allowed")),
                "claude-haiku-4-5", sentAt, 300, receivedAt);

        assertThat(outcome).isEqualTo(new UpstreamOutcome.WindowStarted(Instant.ofEpochSecond(1795860000L),
                "allowed", null, 200, "claude-haiku-4-5", sentAt, 300, WindowSource.MESSAGE));
    }

    @Test
    void rateLimitedCarriesTheRetryTimeAndTheStatusLine() {
        var outcome = ResponseClassifier.classify(429, headers(Map.of("retry-after", "30")), "m", sentAt, 300,
                receivedAt);

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Failed(FailureKind.RATE_LIMITED, 429,
                "429 Too Many Requests", receivedAt.plusSeconds(30), sentAt));
    }

    @Test
    void overloadedIsRateLimitedToo() {
        var outcome = ResponseClassifier.classify(529, headers(Map.of()), "m", sentAt, 300, receivedAt);

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Failed(FailureKind.RATE_LIMITED, 529, "529 Overloaded",
                null, sentAt));
    }

    @Test
    void garbageInAResetHeaderOfASuccessIsASentMessageWithAnEstimatedWindow() {
        var success = ResponseClassifier.classify(200, headers(Map.of("anthropic-ratelimit-unified-reset", "soon")),
                "m", sentAt, 300, receivedAt);

        assertThat(success).isInstanceOfSatisfying(UpstreamOutcome.WindowStarted.class, started -> {
            assertThat(started.source()).isEqualTo(WindowSource.ESTIMATED);
            assertThat(started.newResetAt()).isNull();
        });
    }

    @Test
    void aSuccessWithOnlyRequestAndTokenResetsHasNoWindow() {
        var success = ResponseClassifier.classify(200, headers(Map.of(
                        "anthropic-ratelimit-requests-reset", "2026-11-28T10:00:01Z",
                        "anthropic-ratelimit-tokens-reset", "2026-11-28T10:00:01Z")),
                "m", sentAt, 300, receivedAt);

        assertThat(success).isInstanceOfSatisfying(UpstreamOutcome.WindowStarted.class, started -> {
            assertThat(started.source()).isEqualTo(WindowSource.NO_WINDOW);
            assertThat(started.newResetAt()).isNull();
        });
    }

    @Test
    void garbageInARetryTimeIsStillRateLimitedWithoutATime() {
        var limited = ResponseClassifier.classify(429, headers(Map.of("retry-after", "later")), "m", sentAt, 300,
                receivedAt);

        assertThat(limited).isInstanceOfSatisfying(UpstreamOutcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(failed.retryAfter()).isNull();
            assertThat(failed.reason()).isEqualTo("429 Too Many Requests with an invalid header: "
                    + "retry-after is not seconds or an HTTP date");
        });
    }

    @Test
    void headersOfOtherFailuresAreIgnored() {
        var outcome = ResponseClassifier.classify(500, headers(Map.of("retry-after", "garbage")), "m", sentAt, 300,
                receivedAt);

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Failed(FailureKind.UPSTREAM, 500,
                "500 Internal Server Error", null, sentAt));
    }
}
