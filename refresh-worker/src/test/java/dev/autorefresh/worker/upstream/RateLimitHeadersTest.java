package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private final Instant now = Instant.parse("2026-11-28T10:00:00Z");

    private static HttpHeaders headers(String... nameValues) {
        var map = new HashMap<String, List<String>>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return HttpHeaders.of(Map.copyOf(map), (name, value) -> true);
    }

    @Test
    void readsTheUnifiedWindowFromUnixSeconds() throws InvalidHeader {
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-unified-reset", "1795860000",
                "anthropic-ratelimit-unified-status", "allowed",
                "anthropic-ratelimit-unified-remaining", "42"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        assertThat(window.status()).isEqualTo("allowed");
        assertThat(window.remaining()).isEqualTo(42);
    }

    @Test
    void acceptsFractionalUnixSeconds() throws InvalidHeader {
        var window = RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", "1795860000.5"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L, 500_000_000));
    }

    @Test
    void prefersTheUnifiedResetOverRequestAndTokenResets() throws InvalidHeader {
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-unified-reset", "1795860000",
                "anthropic-ratelimit-requests-reset", "2030-01-01T00:00:00Z"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
    }

    @Test
    void takesTheLaterOfTheRfc3339RequestAndTokenResets() throws InvalidHeader {
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-requests-reset", "2026-11-28T10:00:30Z",
                "anthropic-ratelimit-tokens-reset", "2026-11-28T12:00:00+02:00",
                "anthropic-ratelimit-requests-remaining", "49"));

        assertThat(window.resetAt()).isEqualTo(Instant.parse("2026-11-28T10:00:30Z"));
        assertThat(window.remaining()).isEqualTo(49);
        assertThat(window.status()).isNull();

        var tokensLater = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-requests-reset", "2026-11-28T10:00:30Z",
                "anthropic-ratelimit-tokens-reset", "2026-11-28T10:01:00.250Z"));
        assertThat(tokensLater.resetAt()).isEqualTo(Instant.parse("2026-11-28T10:01:00.250Z"));
    }

    @Test
    void usesWhicheverRfc3339ResetIsPresent() throws InvalidHeader {
        assertThat(RateLimitHeaders.window(headers("anthropic-ratelimit-tokens-reset", "2026-11-28T10:05:00Z"))
                .resetAt()).isEqualTo(Instant.parse("2026-11-28T10:05:00Z"));
    }

    @Test
    void leavesTheWindowOpenWhenNoResetHeaderCame() throws InvalidHeader {
        var window = RateLimitHeaders.window(headers("content-type", "application/json"));

        assertThat(window.resetAt()).isNull();
        assertThat(window.status()).isNull();
        assertThat(window.remaining()).isNull();
    }

    @Test
    void retryAfterInSecondsCountsFromNow() throws InvalidHeader {
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "120"), now))
                .isEqualTo(now.plusSeconds(120));
    }

    @Test
    void retryAfterAsHttpDate() throws InvalidHeader {
        assertThat(RateLimitHeaders.retryAfter(headers("retry-after", "Sat, 28 Nov 2026 10:30:00 GMT"), now))
                .isEqualTo(Instant.parse("2026-11-28T10:30:00Z"));
    }

    @Test
    void retryAfterPrefersTheRateLimitReset() throws InvalidHeader {
        assertThat(RateLimitHeaders.retryAfter(headers(
                "anthropic-ratelimit-unified-reset", "1795860000", "retry-after", "5"), now))
                .isEqualTo(Instant.ofEpochSecond(1795860000L));
        assertThat(RateLimitHeaders.retryAfter(headers(
                "anthropic-ratelimit-tokens-reset", "2026-11-28T11:00:00Z", "retry-after", "5"), now))
                .isEqualTo(Instant.parse("2026-11-28T11:00:00Z"));
    }

    @Test
    void noRetryTimeWithoutAnyHeader() throws InvalidHeader {
        assertThat(RateLimitHeaders.retryAfter(headers(), now)).isNull();
    }

    @Test
    void refusesGarbageWithTheHeaderNameButNotItsValue() {
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", "soon")),
                "anthropic-ratelimit-unified-reset");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", "-5")),
                "anthropic-ratelimit-unified-reset");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", "99999999999999999999")),
                "anthropic-ratelimit-unified-reset");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-requests-reset", "tomorrow")),
                "anthropic-ratelimit-requests-reset");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-tokens-reset", "2026-11-28 10:00")),
                "anthropic-ratelimit-tokens-reset");
        assertInvalid(() -> RateLimitHeaders.window(headers(
                "anthropic-ratelimit-unified-reset", "1795860000", "anthropic-ratelimit-unified-remaining", "lots")),
                "anthropic-ratelimit-unified-remaining");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-requests-remaining", "99999999999")),
                "anthropic-ratelimit-requests-remaining");
        assertInvalid(() -> RateLimitHeaders.window(headers("anthropic-ratelimit-unified-status", "ok; drop table")),
                "anthropic-ratelimit-unified-status");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("retry-after", "in a while"), now), "retry-after");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("retry-after", "-1"), now), "retry-after");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String header) {
        assertThatThrownBy(read).isInstanceOf(InvalidHeader.class)
                .hasMessageStartingWith(header + " is not")
                .hasMessageNotContainingAny("soon", "tomorrow", "lots", "drop", "while");
    }
}
