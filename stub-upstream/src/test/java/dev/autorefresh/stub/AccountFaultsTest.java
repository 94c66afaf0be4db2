package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Per-account fault modes: each misbehaves for its account only and is counted per account. */
class AccountFaultsTest {

    private static final String FAULTY = "sk-ant-api-faulty";
    private static final String HEALTHY = "sk-ant-api-healthy";

    @RegisterExtension
    final StubClient client = StubClient.withStubPerTest();

    @Test
    void retryAfterZeroAnswers429WithNoResetAndLeavesOtherAccountsAlone() {
        fault(FAULTY, "retry-after-zero");

        HttpResponse<String> failed = client.message(FAULTY);
        HttpResponse<String> fine = client.message(HEALTHY);

        assertThat(failed.statusCode()).isEqualTo(429);
        assertThat(failed.headers().firstValue("retry-after")).hasValue("0");
        assertThat(failed.headers().firstValue("anthropic-ratelimit-unified-reset")).isEmpty();
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(account(FAULTY).get("byStatus").get("429").longValue()).isEqualTo(1);
        assertThat(account(FAULTY).get("windowsStarted").longValue()).isZero();
        assertThat(account(HEALTHY).get("windowsStarted").longValue()).isEqualTo(1);
    }

    @Test
    void apiKeyHeadersGiveRefillTimesASecondAheadAndNoUnifiedWindowAndEveryCallIsPaid() {
        fault(FAULTY, "api-key-headers");
        Instant before = Instant.now();

        HttpResponse<String> first = client.message(FAULTY);
        client.message(FAULTY);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("anthropic-ratelimit-unified-reset")).isEmpty();
        Instant refill = Instant.parse(first.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
        assertThat(refill).isBetween(before, before.plusSeconds(3));
        assertThat(first.headers().firstValue("anthropic-ratelimit-tokens-reset")).isPresent();
        assertThat(account(FAULTY).get("paid").longValue()).isEqualTo(2);
    }

    @Test
    void aLostAnswerStartsTheWindowThenClosesTheConnectionWithoutAResponse() {
        fault(FAULTY, "answer-lost");

        assertThatThrownBy(() -> client.message(FAULTY)).hasRootCauseInstanceOf(java.io.IOException.class);

        JsonNode counted = account(FAULTY);
        assertThat(counted.get("windowsStarted").longValue()).isEqualTo(1);
        assertThat(counted.get("answersLost").longValue()).isEqualTo(1);
        clear(FAULTY);
        // The call did reach the window: the next one, answered, is a duplicate paid into it.
        assertThat(client.message(FAULTY).statusCode()).isEqualTo(200);
        assertThat(account(FAULTY).get("duplicates").longValue()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerComesAfterTheFaultsLatency() {
        client.post("/_stub/faults", "{\"account\":\"" + hash(FAULTY) + "\",\"mode\":\"slow\",\"latencyMs\":1200}",
                Map.of("content-type", "application/json"));
        long start = System.nanoTime();

        HttpResponse<String> response = client.message(FAULTY);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1200));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-reset")).isPresent();
    }

    @Test
    void farFutureNoHeadersAndUnreadableResetEachAnswer200WithTheirShape() {
        fault("sk-far", "far-future-reset");
        fault("sk-none", "no-headers");
        fault("sk-unreadable", "unreadable-reset");

        HttpResponse<String> far = client.message("sk-far");
        HttpResponse<String> none = client.message("sk-none");
        HttpResponse<String> unreadable = client.message("sk-unreadable");

        assertThat(StubClient.reset(far)).isAfter(Instant.now().plus(399, ChronoUnit.DAYS));
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.headers().map().keySet()).noneMatch(name -> name.startsWith("anthropic-ratelimit"));
        assertThat(unreadable.headers().firstValue("anthropic-ratelimit-unified-reset")).hasValue("soon");
        assertThat(account("sk-far").get("paid").longValue()).isEqualTo(1);
    }

    @Test
    void aFaultForEveryAccountAppliesUntilCleared() {
        assertThat(client.post("/_stub/faults", "{\"mode\":\"retry-after-zero\"}", Map.of()).statusCode()).isEqualTo(200);
        assertThat(client.message("sk-any").statusCode()).isEqualTo(429);

        assertThat(client.send("DELETE", "/_stub/faults").statusCode()).isEqualTo(200);

        assertThat(client.message("sk-any").statusCode()).isEqualTo(200);
    }

    @Test
    void theUsersOwnTrafficOpensTheWindowSoOurNextCallIsADuplicate() {
        HttpResponse<String> opened = client.post("/_stub/faults/user-traffic", "{\"account\":\"" + hash(FAULTY) + "\"}",
                Map.of());
        assertThat(opened.statusCode()).isEqualTo(200);
        Instant reset = Instant.parse(StubClient.json(opened).get("reset").stringValue());

        HttpResponse<String> ours = client.message(FAULTY);

        assertThat(StubClient.reset(ours)).isEqualTo(reset);
        JsonNode counted = account(FAULTY);
        assertThat(counted.get("userWindows").longValue()).isEqualTo(1);
        assertThat(counted.get("duplicates").longValue()).isEqualTo(1);
        assertThat(counted.get("windowsStarted").longValue()).isZero();
    }

    @Test
    void badFaultRequestsAre400AndChangeNothing() {
        var bad = new String[] {"{\"mode\":\"explode\"}", "{\"account\":\"not-a-hash\",\"mode\":\"slow\"}",
                "{\"mode\":\"slow\",\"latencyMs\":-1}", "{\"mode\":\"slow\",\"extra\":1}", "[1]", "{oops"};
        for (String body : bad) {
            HttpResponse<String> response = client.post("/_stub/faults", body, Map.of());
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(StubClient.json(response).has("error")).isTrue();
        }
        assertThat(StubClient.json(client.get("/_stub/faults")).isEmpty()).isTrue();
        assertThat(client.message("sk-any").statusCode()).isEqualTo(200);
    }

    private void fault(String credential, String mode) {
        HttpResponse<String> response = client.post("/_stub/faults",
                "{\"account\":\"" + hash(credential) + "\",\"mode\":\"" + mode + "\"}", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void clear(String credential) {
        assertThat(client.send("DELETE", "/_stub/faults?account=" + hash(credential)).statusCode()).isEqualTo(200);
    }

    private JsonNode account(String credential) {
        for (JsonNode account : StubClient.json(client.get("/_stub/accounts"))) {
            if (account.get("account").stringValue().equals(hash(credential))) {
                return account.get("counter");
            }
        }
        throw new AssertionError("the stub has no figures for " + credential);
    }

    private static String hash(String credential) {
        return AccountKey.of(credential).hash();
    }
}
