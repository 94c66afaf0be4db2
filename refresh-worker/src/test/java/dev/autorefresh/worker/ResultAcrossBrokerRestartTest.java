package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.testsupport.InfrastructureFaults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker restarts while the dummy message is on its way: the message is paid for, so its result must reach the
 * api-service once the broker is back, not be dropped with the channel (which would leave the window estimated).
 * Needs the local broker, which can be restarted.
 */
@TestPropertySource(properties = "autorefresh.worker.consumer.publish-patience=60s")
class ResultAcrossBrokerRestartTest extends WorkerIntegrationTest {

    // Durable, unlike the shared results queue: it and its binding must outlive the restart.
    private static final String DURABLE_RESULTS = "refresh-worker-test.results-across-restart";

    @Test
    void aResultWhoseCallWasInFlightWhenTheBrokerRestartedIsPublishedOnceTheBrokerIsBack() {
        admin.declareQueue(new Queue(DURABLE_RESULTS, true, false, false));
        admin.declareBinding(BindingBuilder.bind(new Queue(DURABLE_RESULTS))
                .to(new TopicExchange(Topology.EXCHANGE)).with(Topology.WINDOW_UPDATED));
        admin.purgeQueue(DURABLE_RESULTS, false);
        RefreshDue due = due("broker-restart", Instant.now().minusSeconds(5));
        // After the first answer the real api-service holds the claim: the redelivery the restart causes is told
        // IN_FLIGHT and sends nothing.
        apiService.stubFor(get(urlPathEqualTo(credentialsPath(due))).inScenario("claim")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("claimed")
                .willReturn(okJson(eligibleBody(due))));
        apiService.stubFor(get(urlPathEqualTo(credentialsPath(due))).inScenario("claim")
                .whenScenarioStateIs("claimed")
                .willReturn(okJson(json.writeValueAsString(java.util.Map.of("status", "IN_FLIGHT",
                        "accountId", due.accountId().toString(), "reason", "claimed")))));
        Instant reset = Instant.now().plus(Duration.ofHours(5));
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1_500)
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-reset", Long.toString(reset.getEpochSecond()))
                .withBody("{\"type\":\"message\",\"usage\":{\"input_tokens\":12,\"output_tokens\":10}}")));

        publish(due);
        await().atMost(Duration.ofSeconds(10)).until(() -> upstreamRequests().size() == 1);
        InfrastructureFaults.restartBroker();

        List<Message> results = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            drain(results);
            return !results.isEmpty();
        });
        WindowUpdated published = json.readValue(results.getFirst().getBody(), WindowUpdated.class);
        assertThat(published.refreshId()).isEqualTo(due.refreshId());
        assertThat(published.newResetAt().getEpochSecond()).isEqualTo(reset.getEpochSecond());
        // One result, one paid call. The restart also returned the unacknowledged delivery to the queue; when its
        // redelivery comes (after the consumers' recovery, seconds to a minute on a busy machine) the claim answers
        // it IN_FLIGHT: that part is the claim's, checked by the api-service's tests and the chaos matrix.
        drain(results);
        assertThat(results).hasSize(1);
        assertThat(upstreamRequests()).hasSize(1);
    }

    @AfterEach
    void removeWhatTheRestartLeft() {
        admin.deleteQueue(DURABLE_RESULTS);
        // A redelivery not consumed yet must not reach the next test class's worker.
        admin.purgeQueue(Topology.WORKER_QUEUE, false);
    }

    private String eligibleBody(RefreshDue due) {
        return json.writeValueAsString(java.util.Map.of("status", "ELIGIBLE", "accountId", due.accountId().toString(),
                "accountName", due.accountName(), "authType", "API_KEY", "secret", secret("sk-ant-api03-")));
    }

    private void drain(List<Message> into) {
        Message next;
        while ((next = rabbit.receive(DURABLE_RESULTS)) != null) {
            into.add(next);
        }
    }
}
