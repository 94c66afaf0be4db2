package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each row of the failure policy (docs/guarantees.md), end to end. The api-service runs a compressed policy here
 * (back-off 1 s, 2 s, 3 s; pause after 3 failures; probe every 3 s; see RunningSystem).
 */
class FailurePolicyTest extends EndToEndTest {


    @Test
    void aRateLimitIsWaitedOutNotRetried() {
        String key = apiKey();
        upstream.fails(key, 429, "retry-after", "4");
        String id = api.createApiKeyAccount(uniqueName("limited"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> "RATE_LIMITED".equals(outcome(id)));
        assertThat(api.account(id).get("rateLimitStatus").asString()).isEqualTo("rate_limited");
        upstream.opensWindows(key, Duration.ofHours(5));

        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) == 2);
        List<LoggedRequest> requests = upstream.requestsFor(key);
        long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).as("no retry before Retry-After").isGreaterThanOrEqualTo(3_900);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCESS".equals(outcome(id)));
    }

    @Test
    void serverErrorsBackOffThenPauseThenAProbeResumes() {
        String key = apiKey();
        upstream.fails(key, 500);
        String id = api.createApiKeyAccount(uniqueName("flaky"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> "failure_threshold".equals(
                api.account(id).path("pauseReason").asString(null)));
        JsonNode paused = api.account(id);
        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("consecutiveFailures").asInt()).isEqualTo(3);
        List<LoggedRequest> failures = upstream.requestsFor(key);
        assertThat(failures).hasSize(3);
        assertThat(gapMillis(failures, 0)).as("first back-off 1 s").isGreaterThanOrEqualTo(900);
        assertThat(gapMillis(failures, 1)).as("second back-off 2 s").isGreaterThanOrEqualTo(1_900);

        upstream.opensWindows(key, Duration.ofHours(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.account(id).get("paused").asBoolean());
        JsonNode resumed = api.account(id);
        assertThat(resumed.get("consecutiveFailures").asInt()).isZero();
        assertThat(resumed.get("lastRefresh").get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(gapMillis(upstream.requestsFor(key), 2)).as("probe after 3 s").isGreaterThanOrEqualTo(2_900);
    }

    @Test
    void aTimeoutCountsAsANetworkFailure() {
        String key = apiKey();
        upstream.hangs(key, Duration.ofSeconds(5));
        String id = api.createApiKeyAccount(uniqueName("slow"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> "NETWORK".equals(outcome(id)));
        assertThat(api.account(id).get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(1);
        api.setAutoRefresh(id, false);
    }

    @Test
    void aWindowThatHadNotRolledIsRetriedShortlyAndBoundedly() {
        String key = apiKey();
        long stale = Instant.now().minusSeconds(30).getEpochSecond();
        upstream.answersWithFixedReset(key, stale);
        String id = api.createApiKeyAccount(uniqueName("unrolled"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> "UNCHANGED".equals(outcome(id)));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.account(id).get("consecutiveFailures").asInt() >= 1);
        List<LoggedRequest> requests = upstream.requestsFor(key);
        // The first refresh learns the stale reset (due at once); every retry after that waits its delay.
        for (int i = 1; i + 1 < requests.size(); i++) {
            assertThat(gapMillis(requests, i)).as("no retry storm").isGreaterThanOrEqualTo(900);
        }
        api.setAutoRefresh(id, false);
    }

    private static long gapMillis(List<LoggedRequest> requests, int index) {
        return requests.get(index + 1).getLoggedDate().getTime() - requests.get(index).getLoggedDate().getTime();
    }

    private static String outcome(String id) {
        JsonNode last = api.account(id).get("lastRefresh");
        return last == null || last.isNull() ? null : last.get("outcome").asString();
    }
}
