package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker against a real RabbitMQ, with WireMock standing in for Anthropic and for the api-service's internal
 * credentials endpoint. Each class gets its own context (and consumers), closed after it ({@link WorkerTest}).
 */
@WorkerTest(properties = {
        "autorefresh.worker.id=test-worker",
        // Port 9 on loopback: the "nothing listens there" endpoint of UpstreamFailureTest.
        "autorefresh.endpoints.allowed-hosts=api.anthropic.com,http://127.0.0.1:9",
        "autorefresh.worker.api.service-token=" + WorkerIntegrationTest.SERVICE_TOKEN,
        "autorefresh.worker.api.timeout=2s",
        "autorefresh.worker.upstream.connect-timeout=1s",
        "autorefresh.worker.upstream.read-timeout=2s",
        "autorefresh.worker.usage-check.read-timeout=1s",
        "autorefresh.worker.consumer.concurrency=10",
        "autorefresh.worker.consumer.confirm-timeout=2s",
        // Short, so a result the broker refuses goes back to the queue quickly; ResultAcrossBrokerRestartTest
        // sets a patience that outlasts a restart.
        "autorefresh.worker.consumer.publish-patience=1s",
        "autorefresh.worker.consumer.shutdown-timeout=5s",
        "spring.lifecycle.timeout-per-shutdown-phase=10s"})
abstract class WorkerIntegrationTest {

    static final String SERVICE_TOKEN = "service-token-for-tests";
    static final String RESULTS = "refresh-worker-test.results";
    static final String USAGE_PATH = "/api/oauth/usage";
    static final List<String> GUIDE_PROMPTS = List.of(
            "Write a hello world program in Python",
            "What is 2+2?",
            "Tell me a programmer joke",
            "What is the capital of France?",
            "Explain recursion in one sentence");

    @RegisterExtension
    static WireMockExtension apiService = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    static final String MESSAGE_BODY = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"Hello"}],"stop_reason":"max_tokens",
             "usage":{"input_tokens":12,"output_tokens":10}}""";

    /** Holds and counts the message calls of stubs that name it: how many refreshes were in flight at once. */
    static final InFlightCalls messagesInFlight = new InFlightCalls();

    @RegisterExtension
    static WireMockExtension anthropic = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().containerThreads(50).extensions(messagesInFlight))
            .build();

    @DynamicPropertySource
    static void doubles(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.worker.api.base-url", apiService::baseUrl);
        registry.add("autorefresh.worker.upstream.endpoint", () -> anthropic.baseUrl() + "/v1/messages");
    }

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    JsonMapper json;
    @Autowired
    MeterRegistry meters;

    final Instant expiredWindow = Instant.parse("2026-11-28T10:00:00Z");
    private final List<Message> received = new ArrayList<>();

    @BeforeEach
    void cleanBroker() {
        Queue results = new Queue(RESULTS, false, false, false);
        admin.declareQueue(results);
        admin.declareBinding(resultsBinding(Topology.WINDOW_UPDATED));
        admin.declareBinding(resultsBinding(Topology.REFRESH_FAILED));
        admin.purgeQueue(RESULTS, false);
        admin.purgeQueue(Topology.WORKER_PARKING_LOT, false);
        // By default no window is open, so OAuth refreshes send their message as before; tests override this.
        anthropic.stubFor(get(urlPathEqualTo(USAGE_PATH)).atPriority(10)
                .willReturn(okJson("{\"five_hour\": {\"utilization\": 0.0, \"resets_at\": null}}")));
    }

    /** A 200 from the Messages API with a small answer; callers add the rate-limit headers they test. */
    static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("content-type", "application/json").withBody(MESSAGE_BODY);
    }

    void upstreamAnswers(ResponseDefinitionBuilder response) {
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(response));
    }

    static Binding resultsBinding(String routingKey) {
        return BindingBuilder.bind(new Queue(RESULTS)).to(new TopicExchange(Topology.EXCHANGE)).with(routingKey);
    }

    static RefreshDue due(String accountName, Instant windowResetAt) {
        Instant now = Instant.now();
        return new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), accountName, windowResetAt, 1, now, now);
    }

    static String secret(String prefix) {
        return prefix + UUID.randomUUID();
    }

    void publish(RefreshDue due) {
        publishRaw("RefreshDue", json.writeValueAsString(due), due.refreshId().toString());
    }

    void publishRaw(String type, String body, String messageId) {
        var message = MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8))
                .setContentType("application/json")
                .setMessageId(messageId);
        if (type != null) {
            message.setType(type);
        }
        rabbit.send(Topology.EXCHANGE, Topology.REFRESH_DUE, message.build());
    }

    void answerCredentials(RefreshDue due, ResponseDefinitionBuilder answer) {
        apiService.stubFor(get(urlPathEqualTo(credentialsPath(due)))
                .withQueryParam("refreshId", equalTo(due.refreshId().toString()))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .willReturn(answer));
    }

    void answerEligible(RefreshDue due, String authType, String secret, String customEndpoint) {
        var body = new HashMap<String, Object>();
        body.put("status", "ELIGIBLE");
        body.put("accountId", due.accountId().toString());
        body.put("accountName", due.accountName());
        body.put("authType", authType);
        body.put("secret", secret);
        body.put("customEndpoint", customEndpoint);
        answerCredentials(due, okJson(json.writeValueAsString(body)));
    }

    void answerStatus(RefreshDue due, String status, String reason) {
        answerCredentials(due, okJson(json.writeValueAsString(Map.of(
                "status", status, "accountId", due.accountId().toString(), "reason", reason))));
    }

    static String credentialsPath(RefreshDue due) {
        return "/internal/accounts/" + due.accountId() + "/credentials";
    }

    Message awaitResult(RefreshDue due) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> findResult(due), Optional::isPresent)
                .orElseThrow();
    }

    Optional<Message> findResult(RefreshDue due) {
        Message next;
        while ((next = rabbit.receive(RESULTS)) != null) {
            received.add(next);
        }
        return received.stream()
                .filter(message -> due.refreshId().toString().equals(message.getMessageProperties().getMessageId()))
                .findFirst();
    }

    WindowUpdated awaitWindowUpdated(RefreshDue due) {
        Message message = awaitResult(due);
        return json.readValue(message.getBody(), WindowUpdated.class);
    }

    RefreshFailed awaitRefreshFailed(RefreshDue due) {
        Message message = awaitResult(due);
        return json.readValue(message.getBody(), RefreshFailed.class);
    }

    Message awaitParked(String messageId) {
        List<Message> parked = new ArrayList<>();
        return await().atMost(Duration.ofSeconds(15)).until(() -> {
            Message next;
            while ((next = rabbit.receive(Topology.WORKER_PARKING_LOT)) != null) {
                parked.add(next);
            }
            return parked.stream()
                    .filter(message -> messageId.equals(message.getMessageProperties().getMessageId()))
                    .findFirst();
        }, Optional::isPresent).orElseThrow();
    }

    /** The calls that cost the user: every upstream request except the free usage checks. */
    List<LoggedRequest> upstreamRequests() {
        return anthropic.getAllServeEvents().stream().map(event -> event.getRequest())
                .filter(request -> !request.getUrl().endsWith(USAGE_PATH)).toList();
    }

    List<LoggedRequest> usageRequests() {
        return anthropic.getAllServeEvents().stream().map(event -> event.getRequest())
                .filter(request -> request.getUrl().endsWith(USAGE_PATH)).toList();
    }

    double deliveries(String outcome) {
        return meters.find("autorefresh.worker.deliveries").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    LoggedRequest onlyUpstreamRequest() {
        List<LoggedRequest> requests = upstreamRequests();
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    /** The guide's dummy message: one short prompt of its five, ten tokens at most, to this model. */
    void assertDummyMessage(LoggedRequest request, String model) {
        JsonNode body = json.readTree(request.getBodyAsString());
        assertThat(body.propertyNames()).containsExactly("model", "max_tokens", "messages");
        assertThat(body.get("model").asString()).isEqualTo(model);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(10);
        assertThat(body.get("messages").size()).isEqualTo(1);
        JsonNode message = body.get("messages").get(0);
        assertThat(message.get("role").asString()).isEqualTo("user");
        assertThat(GUIDE_PROMPTS).contains(message.get("content").asString());
    }
}
