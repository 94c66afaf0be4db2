package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.worker.credentials.AuthType;
import dev.autorefresh.worker.credentials.Credentials;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The rules for reading an answer; the HTTP side is covered by UsageCheckFlowTest against a real server. */
class UsageCheckerTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant EXPIRED = Instant.parse("2026-11-29T11:59:00Z");

    // Port 9 (discard) on loopback: a check that does go out fails, and the test would see a FAILED, not SKIPPED.
    private final UpstreamSettings upstream = new UpstreamSettings(URI.create("http://127.0.0.1:9/v1/messages"),
            List.of("claude-haiku-4-5"), Duration.ofSeconds(1), Duration.ofSeconds(1));

    private UsageChecker checker(boolean enabled) {
        return new UsageChecker(new UsageCheckSettings(enabled, Duration.ofSeconds(1), Duration.ofSeconds(1)), upstream,
                new AllowedEndpoints(List.of("api.anthropic.com")), JsonMapper.builder().build(), new SimpleMeterRegistry());
    }

    private UsageAnswer read(String body) {
        return checker(true).read(body.getBytes(StandardCharsets.UTF_8), EXPIRED, 12, NOW);
    }

    @Test
    void turnedOffMeansEveryAccountIsSkippedWithoutACall() {
        var oauth = new Credentials("a", AuthType.OAUTH, "sk-ant-oat01-x", null);

        assertThat(checker(false).check(oauth, EXPIRED).verdict()).isEqualTo(UsageCheck.SKIPPED);
    }

    @Test
    void apiKeyAccountsAreSkipped() {
        var apiKey = new Credentials("a", AuthType.API_KEY, "sk-ant-api03-x", null);

        assertThat(checker(true).check(apiKey, EXPIRED).verdict()).isEqualTo(UsageCheck.SKIPPED);
    }

    @Test
    void aFutureResetAfterTheExpiredWindowIsAnOpenWindow() {
        UsageAnswer answer = read("{\"five_hour\": {\"utilization\": 4.0, \"resets_at\": \"2026-11-29T16:30:00.123456+00:00\"}}");

        assertThat(answer).isInstanceOfSatisfying(UsageAnswer.Open.class, open -> {
            assertThat(open.resetsAt()).isEqualTo(Instant.parse("2026-11-29T16:30:00.123456Z"));
            assertThat(open.utilization()).isEqualTo(4.0);
        });
    }

    @Test
    void noResetAResetInThePastOrTheExpiredWindowItselfIsNotOpen() {
        assertThat(read("{\"five_hour\": {\"utilization\": 0, \"resets_at\": null}}").verdict())
                .isEqualTo(UsageCheck.NOT_OPEN);
        assertThat(read("{\"five_hour\": {\"resets_at\": \"2026-11-29T11:00:00Z\"}}").verdict())
                .isEqualTo(UsageCheck.NOT_OPEN);
        UsageAnswer sameWindow = checker(true).read(
                "{\"five_hour\": {\"resets_at\": \"2026-11-29T12:05:00Z\"}}".getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-11-29T12:05:00Z"), 12, NOW);
        assertThat(sameWindow.verdict()).isEqualTo(UsageCheck.NOT_OPEN);
    }

    @Test
    void anAnswerThatDoesNotLookLikeTheContractIsAFailedCheck() {
        for (String body : List.of("", "[]", "null", "{}", "{\"five_hour\": null}", "{\"five_hour\": {}}",
                "{\"five_hour\": {\"resets_at\": 1764432000}}", "{\"five_hour\": {\"resets_at\": \"soon\"}}")) {
            assertThat(read(body)).as(body).isInstanceOfSatisfying(UsageAnswer.Failed.class,
                    failed -> assertThat(failed.reason()).isEqualTo("unknown_shape"));
        }
    }

    @Test
    void aResetFurtherAheadThanAnyFiveHourWindowIsAFailedCheck() {
        assertThat(read("{\"five_hour\": {\"resets_at\": \"2026-12-01T00:00:00Z\"}}"))
                .isInstanceOfSatisfying(UsageAnswer.Failed.class,
                        failed -> assertThat(failed.reason()).isEqualTo("implausible_reset"));
    }
}
