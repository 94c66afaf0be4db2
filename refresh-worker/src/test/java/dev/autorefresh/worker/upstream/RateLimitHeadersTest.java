package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.events.WindowSource;
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
    void readsTheUnifiedWindowFromUnixSeconds() {
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-unified-reset", "1795860000",
                "anthropic-ratelimit-unified-status", "allowed",
                "anthropic-ratelimit-unified-remaining", "42"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        assertThat(window.status()).isEqualTo("allowed");
        assertThat(window.remaining()).isEqualTo(42);
        assertThat(window.source()).isEqualTo(WindowSource.MESSAGE);
    }

    @Test
    void acceptsFractionalUnixSeconds() {
        var window = RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", "1795860000.5"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L, 500_000_000));
    }

    @Test
    void prefersTheUnifiedResetOverRequestAndTokenResets() {
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-unified-reset", "1795860000",
                "anthropic-ratelimit-requests-reset", "2030-01-01T00:00:00Z"));

        assertThat(window.resetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
    }

    @Test
    void requestAndTokenResetsAloneNeverMakeAWindow() {
        // What an API-key account answers: token-bucket refill times a second ahead, no subscription window.
        var window = RateLimitHeaders.window(headers(
                "anthropic-ratelimit-requests-reset", "2026-11-28T10:00:01Z",
                "anthropic-ratelimit-tokens-reset", "2026-11-28T10:00:02Z",
                "anthropic-ratelimit-requests-remaining", "49"));

        assertThat(window.resetAt()).isNull();
        assertThat(window.source()).isEqualTo(WindowSource.NO_WINDOW);
    }

    @Test
    void saysNoWindowWhenNoResetHeaderCame() {
        var window = RateLimitHeaders.window(headers("content-type", "application/json"));

        assertThat(window.resetAt()).isNull();
        assertThat(window.status()).isNull();
        assertThat(window.remaining()).isNull();
        assertThat(window.source()).isEqualTo(WindowSource.NO_WINDOW);
    }

    @Test
    void anUnreadableUnifiedResetMakesAnEstimatedWindowNeverAFailure() {
        for (String garbage : new String[] {"soon", "-5", "99999999999999999999"}) {
            var window = RateLimitHeaders.window(headers("anthropic-ratelimit-unified-reset", garbage,
                    "anthropic-ratelimit-unified-status", "ok; drop table",
                    "anthropic-ratelimit-unified-remaining", "lots"));

            assertThat(window.source()).as(garbage).isEqualTo(WindowSource.ESTIMATED);
            assertThat(window.resetAt()).isNull();
            assertThat(window.status()).isNull();
            assertThat(window.remaining()).isNull();
        }
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
    void refusesGarbageInARetryTimeWithTheHeaderNameButNotItsValue() {
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("anthropic-ratelimit-unified-reset", "soon"), now),
                "anthropic-ratelimit-unified-reset");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("anthropic-ratelimit-requests-reset", "tomorrow"),
                now), "anthropic-ratelimit-requests-reset");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("anthropic-ratelimit-tokens-reset",
                "2026-11-28 10:00"), now), "anthropic-ratelimit-tokens-reset");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("retry-after", "in a while"), now), "retry-after");
        assertInvalid(() -> RateLimitHeaders.retryAfter(headers("retry-after", "-1"), now), "retry-after");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String header) {
        assertThatThrownBy(read).isInstanceOf(InvalidHeader.class)
                .hasMessageStartingWith(header + " is not")
                .hasMessageNotContainingAny("soon", "tomorrow", "lots", "drop", "while");
    }
}
