package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WindowRollTest {

    private StubServer stub;

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void startsANewWindowOnceTheResetHasPassedAndRecordsHowLateTheCallCame() {
        stub = Stubs.start(Duration.ofSeconds(1), WindowMode.ROLLING);
        StubClient client = new StubClient(stub);
        Instant firstReset = StubClient.reset(client.message("sk-ant-api-roller"));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> !Instant.now().isBefore(firstReset));
        HttpResponse<String> second = client.message("sk-ant-api-roller");

        assertThat(StubClient.reset(second)).isAfter(firstReset);
        JsonNode stats = client.stats();
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(2);
        assertThat(stats.get("duplicates").longValue()).isZero();
        JsonNode lag = stats.get("lagMillis");
        assertThat(lag.get("count").intValue()).isEqualTo(1);
        assertThat(lag.get("max").longValue()).isBetween(0L, 2_000L);
        assertThat(lag.get("p50").longValue()).isEqualTo(lag.get("max").longValue());

        JsonNode sample = StubClient.json(client.get("/_stub/stats?samples=true")).get("lagSamples").get(0);
        assertThat(sample.get("account").stringValue()).isEqualTo(AccountKey.of("sk-ant-api-roller").fingerprint());
        assertThat(Instant.parse(sample.get("expiredReset").stringValue())).isEqualTo(firstReset);
    }

    @Test
    void recordsNoLagForAnAccountsFirstWindow() {
        stub = Stubs.start(Duration.ofSeconds(1), WindowMode.ROLLING);
        StubClient client = new StubClient(stub);

        client.message("sk-ant-api-newcomer");

        JsonNode lag = client.stats().get("lagMillis");
        assertThat(lag.get("count").intValue()).isZero();
        assertThat(lag.get("p99").isNull()).isTrue();
    }

    @Test
    void alignedModeGivesEveryAccountTheSameResetOnAWindowBoundary() {
        Duration tenDays = Duration.ofDays(10);
        stub = Stubs.start(tenDays, WindowMode.ALIGNED);
        StubClient client = new StubClient(stub);
        Instant now = Instant.now();

        var resets = IntStream.range(0, 20)
                .mapToObj(i -> StubClient.reset(client.message("sk-ant-api-aligned-" + i)))
                .distinct()
                .toList();

        assertThat(resets).hasSize(1);
        Instant reset = resets.getFirst();
        assertThat(reset.getEpochSecond() % tenDays.toSeconds()).isZero();
        assertThat(reset).isAfter(now).isBeforeOrEqualTo(now.plus(tenDays));
        assertThat(client.stats().get("windowsStarted").longValue()).isEqualTo(20);
    }

    @Test
    void alignedWindowsRollTogetherAtTheBoundary() {
        stub = Stubs.start(Duration.ofSeconds(2), WindowMode.ALIGNED);
        StubClient client = new StubClient(stub);
        // Both first calls must land in the same 2 s window, so start well clear of a boundary.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Instant now = Instant.now();
            return Duration.between(now, Windows.nextReset(now, stub.config())).toMillis() > 700;
        });
        Instant boundary = StubClient.reset(client.message("sk-ant-api-a"));
        assertThat(StubClient.reset(client.message("sk-ant-api-b"))).isEqualTo(boundary);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> !Instant.now().isBefore(boundary));

        Instant nextA = StubClient.reset(client.message("sk-ant-api-a"));
        Instant nextB = StubClient.reset(client.message("sk-ant-api-b"));
        assertThat(nextA).isEqualTo(nextB).isAfter(boundary);
        assertThat(nextA.getEpochSecond() % 2).isZero();
        assertThat(client.stats().get("lagMillis").get("count").intValue()).isEqualTo(2);
    }
}
