package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every dummy message costs the account's quota: the answers that used to make the system pay in a loop, and the
 * deliveries that used to pay twice, end to end against WireMock as Anthropic (docs/guarantees.md).
 */
class PaidMessagesTest extends EndToEndTest {

    @RegisterExtension
    static final BrokerPublisher broker = new BrokerPublisher();

    @Test
    void answersWithoutAUsageWindowGetOneMessageThenAVisibleNoUsageWindowState() {
        String key = apiKey();
        upstream.answersLikeAnApiKeyAccount(key);
        String id = api.createApiKeyAccount(uniqueName("console-key"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> !api.account(id).path("noWindowReason").isNull());
        // Its requests/tokens resets were a second ahead: taken for a window, they paid every couple of seconds.
        await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) == 1);
        JsonNode account = api.account(id);
        assertThat(account.get("noWindowReason").asString()).contains("no usage window");
        assertThat(account.get("lastRefresh").get("outcome").asString()).isEqualTo("NO_WINDOW");
        System.out.printf("E2E API-key-style headers: %d paid message(s) in 15 s%n", upstream.count(key));

        // Enabling auto-refresh again is a person's "try again": one more message, then the same state.
        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) == 2
                && !api.account(id).path("noWindowReason").isNull());
    }

    @Test
    void aRateLimitThatSaysRetryNowIsNotRetriedInALoop() {
        String key = apiKey();
        upstream.fails(key, 429, "retry-after", "0");
        String id = api.createApiKeyAccount(uniqueName("retry-now"), key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) >= 1);
        Instant first = upstream.requestsFor(key).getFirst().getLoggedDate().toInstant();
        await().atMost(Duration.ofSeconds(40)).until(() -> Instant.now().isAfter(first.plusSeconds(25)));
        api.setAutoRefresh(id, false);

        List<LoggedRequest> calls = upstream.requestsFor(key).stream()
                .filter(call -> call.getLoggedDate().toInstant().isBefore(first.plusSeconds(25)))
                .toList();
        System.out.printf("E2E 429 with retry-after 0: %d call(s) in 25 s%n", calls.size());
        // The compressed floor here is 2 s, doubling with each such answer: 2, 4, 8, 16 s (+ jitter) fit in 25 s.
        assertThat(calls).hasSizeBetween(2, 5);
        for (int i = 1; i + 1 < calls.size(); i++) {
            assertThat(gapMillis(calls, i)).as("each wait longer than the one before").isGreaterThan(gapMillis(calls,
                    i - 1));
        }
        assertThat(api.account(id).get("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void aSecondDeliveryOfTheWindowWhileTheFirstCallIsInFlightSendsNothing() throws Exception {
        String key = apiKey();
        upstream.opensWindowsSlowly(key, Duration.ofHours(5), Duration.ofMillis(1200));
        String name = uniqueName("in-flight");
        String id = api.createApiKeyAccount(name, key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> upstream.count(key) == 1);
        // The first call is under way (it takes 1.2 s): a redelivery, a re-dispatch and a duplicate publish of the
        // same window arrive meanwhile, each under its own refresh id.
        for (int i = 0; i < 3; i++) {
            broker.publish("RefreshDue", Topology.REFRESH_DUE, new RefreshDue(UUID.randomUUID(), UUID.fromString(id),
                    name, null, 2, Instant.now(), Instant.now()));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> !api.account(id).path("rateLimitReset").isNull());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> upstream.count(key) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> system.allLogs()
                .contains("Skipping auto-refresh for account " + name + ": in flight"));
        assertThat(api.refreshes(id).get("items")).hasSize(1);
    }

    @Test
    void aStaleFailureForAWindowThatMovedOnChangesNothing() throws Exception {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String id = api.createApiKeyAccount(uniqueName("stale-failure"), key, system.upstreamUrl()).get("id")
                .asString();
        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.refreshes(id).get("items").size() == 1);
        JsonNode before = api.account(id);

        // A slow attempt on the expired window (never seen: null) reports long after the window moved.
        broker.publish("RefreshFailed", Topology.REFRESH_FAILED, new RefreshFailed(UUID.randomUUID(),
                UUID.fromString(id), null, FailureKind.AUTH, 401, "401 Unauthorized", null, Instant.now(), "e2e"));

        await().atMost(Duration.ofSeconds(10)).until(() -> api.refreshes(id).get("items").size() == 2);
        JsonNode after = api.account(id);
        assertThat(after.get("requiresReauth").asBoolean()).isFalse();
        assertThat(after.get("rateLimitReset")).isEqualTo(before.get("rateLimitReset"));
        assertThat(after.get("nextRefreshAt")).isEqualTo(before.get("nextRefreshAt"));
        assertThat(after.get("lastRefresh").get("outcome").asString()).isEqualTo("SUCCESS");
    }

    private static long gapMillis(List<LoggedRequest> calls, int index) {
        return calls.get(index + 1).getLoggedDate().getTime() - calls.get(index).getLoggedDate().getTime();
    }
}
