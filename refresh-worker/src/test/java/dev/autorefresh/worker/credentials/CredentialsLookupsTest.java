package dev.autorefresh.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.autorefresh.events.RefreshDue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lookups that arrive together leave together, each caller gets the answer for its own delivery, and a lookup
 * alone is never held back. The api-service is a real HTTP server that answers every lookup ELIGIBLE, named after
 * the account it was asked for, after a delay that lets lookups pile up behind the requests in flight.
 */
class CredentialsLookupsTest {

    private static final String TOKEN = "t".repeat(40);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer api;
    private final AtomicInteger batchRequests = new AtomicInteger();
    private final AtomicInteger singleRequests = new AtomicInteger();
    private final AtomicInteger lookupsAnswered = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final Map<String, Integer> asked = new ConcurrentHashMap<>();
    private volatile boolean batchEndpoint = true;

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/internal/", this::answer);
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
    }

    @Test
    void lookupsThatArriveTogetherLeaveInFewRequestsAndEachCallerGetsItsOwnAnswer() throws Exception {
        CredentialsLookups lookups = lookups();
        List<RefreshDue> dues = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            dues.add(due());
        }

        List<CredentialsAnswer> answers = fetchAllAtOnce(lookups, dues);

        for (int i = 0; i < dues.size(); i++) {
            assertThat(answers.get(i)).isEqualTo(new CredentialsAnswer.Eligible(
                    new Credentials(dues.get(i).accountId().toString(), AuthType.API_KEY, "sk-ant-secret", null), false));
        }
        assertThat(lookupsAnswered.get()).isEqualTo(120);
        assertThat(asked.values()).allMatch(times -> times == 1).hasSize(120);
        assertThat(batchRequests.get() + singleRequests.get()).isLessThan(120 / 4);
        assertThat(peakInFlight.get()).isLessThanOrEqualTo(CredentialsLookups.SLOTS);
        assertThat(largestBatch.get()).isGreaterThan(1).isLessThanOrEqualTo(CredentialsLookups.MAX_BATCH);
    }

    @Test
    void aLookupAloneGoesOutAtOnceAsASingleRequest() {
        RefreshDue due = due();

        CredentialsAnswer answer = lookups().fetch(due);

        assertThat(answer).isInstanceOf(CredentialsAnswer.Eligible.class);
        assertThat(singleRequests.get()).isEqualTo(1);
        assertThat(batchRequests.get()).isZero();
    }

    @Test
    void anApiServiceWithoutTheBatchEndpointIsAskedOneDeliveryAtATime() throws Exception {
        batchEndpoint = false;
        CredentialsLookups lookups = lookups();
        List<RefreshDue> dues = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            dues.add(due());
        }

        List<CredentialsAnswer> answers = fetchAllAtOnce(lookups, dues);

        for (int i = 0; i < dues.size(); i++) {
            assertThat(answers.get(i)).as("answer %d", i).isInstanceOf(CredentialsAnswer.Eligible.class);
            assertThat(((CredentialsAnswer.Eligible) answers.get(i)).credentials().accountName())
                    .isEqualTo(dues.get(i).accountId().toString());
        }
        assertThat(singleRequests.get()).isEqualTo(20);
    }

    private static List<CredentialsAnswer> fetchAllAtOnce(CredentialsLookups lookups, List<RefreshDue> dues)
            throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CredentialsAnswer>> futures = dues.stream()
                    .map(due -> threads.submit(() -> lookups.fetch(due)))
                    .toList();
            List<CredentialsAnswer> answers = new ArrayList<>();
            for (Future<CredentialsAnswer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(Duration.ofMillis(150));
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/internal/credentials") && "POST".equals(exchange.getRequestMethod())) {
                if (!batchEndpoint) {
                    reply(exchange, 404, "{}");
                    return;
                }
                batchRequests.incrementAndGet();
                JsonNode lookups = JSON.readTree(exchange.getRequestBody()).get("lookups");
                largestBatch.accumulateAndGet(lookups.size(), Math::max);
                List<String> answers = new ArrayList<>();
                for (JsonNode lookup : lookups) {
                    answers.add(eligible(lookup.get("accountId").asString()));
                }
                reply(exchange, 200, "{\"answers\":[" + String.join(",", answers) + "]}");
                return;
            }
            singleRequests.incrementAndGet();
            String accountId = path.split("/")[3];
            reply(exchange, 200, eligible(accountId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private String eligible(String accountId) {
        lookupsAnswered.incrementAndGet();
        asked.merge(accountId, 1, Integer::sum);
        return """
                {"status":"ELIGIBLE","accountId":"%s","accountName":"%s","authType":"API_KEY","secret":"sk-ant-secret"}"""
                .formatted(accountId, accountId);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private CredentialsLookups lookups() {
        URI baseUrl = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
        var client = new CredentialsClient(new ApiServiceSettings(baseUrl, TOKEN, Duration.ofSeconds(5), 0), JSON,
                RestClient.builder());
        return new CredentialsLookups(client, new SimpleMeterRegistry());
    }

    private static RefreshDue due() {
        return new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), "main", null, 1, Instant.now(), Instant.now());
    }
}
