package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConcurrencyTest {

    private StubServer stub;
    private StubClient client;

    @BeforeEach
    void startStub() {
        stub = Stubs.start(Duration.ofMinutes(5), WindowMode.ROLLING, new PrintStream(OutputStream.nullOutputStream()));
        client = new StubClient(stub);
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void answersFiveHundredParallelRequestsFromDistinctAccountsWhileEachWaitsOutTheLatency() throws Exception {
        // With 300 ms each, answering one at a time would take 150 s: only concurrent handling passes.
        client.configure("{\"latencyMs\": 300}");
        long started = System.nanoTime();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 500)
                .mapToObj(i -> client.messageAsync("sk-ant-api-parallel-" + i))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        JsonNode stats = client.stats();
        assertThat(stats.get("requests").longValue()).isEqualTo(500);
        assertThat(stats.get("accounts").intValue()).isEqualTo(500);
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(500);
        assertThat(stats.get("duplicates").longValue()).isZero();
    }

    @Test
    void concurrentFirstCallsForOneAccountStartExactlyOneWindow() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50)
                .mapToObj(i -> client.messageAsync("sk-ant-api-racing"))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        List<Instant> resets = calls.stream().map(call -> StubClient.reset(call.join())).distinct().toList();
        assertThat(resets).hasSize(1);
        JsonNode stats = client.stats();
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(1);
        assertThat(stats.get("duplicates").longValue()).isEqualTo(49);
    }
}
