package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
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
                "allowed", null, 200, "claude-haiku-4-5", sentAt, 300));
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
    void garbageInAHeaderIsAnInvalidResponseNotACrash() {
        var success = ResponseClassifier.classify(200, headers(Map.of("anthropic-ratelimit-unified-reset", "soon")),
                "m", sentAt, 300, receivedAt);
        var limited = ResponseClassifier.classify(429, headers(Map.of("retry-after", "later")), "m", sentAt, 300,
                receivedAt);

        assertThat(success).isInstanceOfSatisfying(UpstreamOutcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.INVALID_RESPONSE);
            assertThat(failed.httpStatus()).isEqualTo(200);
            assertThat(failed.reason()).isEqualTo("200 OK with an invalid header: "
                    + "anthropic-ratelimit-unified-reset is not Unix seconds");
        });
        assertThat(limited).isInstanceOfSatisfying(UpstreamOutcome.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(FailureKind.INVALID_RESPONSE));
    }

    @Test
    void headersOfOtherFailuresAreIgnored() {
        var outcome = ResponseClassifier.classify(500, headers(Map.of("retry-after", "garbage")), "m", sentAt, 300,
                receivedAt);

        assertThat(outcome).isEqualTo(new UpstreamOutcome.Failed(FailureKind.UPSTREAM, 500,
                "500 Internal Server Error", null, sentAt));
    }
}
