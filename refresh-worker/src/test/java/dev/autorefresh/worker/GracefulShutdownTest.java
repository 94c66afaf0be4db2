package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.RealInfrastructureInitializer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** Runs a whole worker application and stops it while a refresh is in flight, as a rolling deploy would. */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownTest {

    private static final String RESULTS = "refresh-worker-test.shutdown-results";

    @RegisterExtension
    static WireMockExtension apiService = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @RegisterExtension
    static WireMockExtension anthropic = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aCallThatOutlastsTheShutdownTimeoutPublishesNoFailureAndItsRefreshGoesBackToTheQueue(CapturedOutput output) {
        RabbitServer server = TestInfrastructure.rabbit();
        var connectionFactory = new CachingConnectionFactory(server.host(), server.port());
        connectionFactory.setUsername(server.username());
        connectionFactory.setPassword(server.password());
        try {
            var admin = new RabbitAdmin(connectionFactory);
            var broker = new RabbitTemplate(connectionFactory);
            admin.purgeQueue(Topology.WORKER_QUEUE, false);
            ConfigurableApplicationContext worker = new SpringApplicationBuilder(RefreshWorkerApplication.class)
                    .initializers(new RealInfrastructureInitializer())
                    .run("--server.port=0",
                            "--autorefresh.worker.api.service-token=shutdown-test-token",
                            "--autorefresh.worker.api.base-url=" + apiService.baseUrl(),
                            "--autorefresh.worker.upstream.endpoint=" + anthropic.baseUrl() + "/v1/messages",
                            "--autorefresh.worker.upstream.read-timeout=30s",
                            "--autorefresh.worker.consumer.shutdown-timeout=2s",
                            "--autorefresh.worker.consumer.concurrency=2");
            Queue results = new Queue(RESULTS, false, false, true);
            admin.declareQueue(results);
            for (String routingKey : new String[] {Topology.WINDOW_UPDATED, Topology.REFRESH_FAILED}) {
                admin.declareBinding(BindingBuilder.bind(results).to(new TopicExchange(Topology.EXCHANGE))
                        .with(routingKey));
            }
            RefreshDue due = sendingToASlowUpstream(broker, "cut-off-account", "sk-ant-api03-cut-off", 15_000, output);
            worker.close();

            // The message may be out: no failure to back off and retry from (a retry could pay twice); the
            // refresh went back to the queue, where its claim (held by the api-service) will meet it.
            assertThat(output.getOut()).contains("stopped with its upstream call out");
            assertThat(broker.receive(RESULTS)).isNull();
            Message returned = await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.receive(Topology.WORKER_QUEUE), java.util.Objects::nonNull);
            assertThat(returned.getMessageProperties().getMessageId()).isEqualTo(due.refreshId().toString());
            admin.deleteQueue(RESULTS);
        } finally {
            connectionFactory.destroy();
        }
    }

    @Test
    void stoppingAReplicaLetsTheRefreshInFlightFinishAndAcknowledgesIt(CapturedOutput output) {
        RabbitServer server = TestInfrastructure.rabbit();
        var connectionFactory = new CachingConnectionFactory(server.host(), server.port());
        connectionFactory.setUsername(server.username());
        connectionFactory.setPassword(server.password());
        try {
            var admin = new RabbitAdmin(connectionFactory);
            var broker = new RabbitTemplate(connectionFactory);
            ConfigurableApplicationContext worker = new SpringApplicationBuilder(RefreshWorkerApplication.class)
                    .initializers(new RealInfrastructureInitializer())
                    // Command-line arguments, as an operator would pass them; they outrank application.yml.
                    .run("--server.port=0",
                            "--autorefresh.worker.api.service-token=shutdown-test-token",
                            "--autorefresh.worker.api.base-url=" + apiService.baseUrl(),
                            "--autorefresh.worker.upstream.endpoint=" + anthropic.baseUrl() + "/v1/messages",
                            "--autorefresh.worker.upstream.read-timeout=10s",
                            "--autorefresh.worker.consumer.concurrency=2");
            Queue results = new Queue(RESULTS, false, false, true);
            admin.declareQueue(results);
            admin.declareBinding(BindingBuilder.bind(results).to(new TopicExchange(Topology.EXCHANGE))
                    .with(Topology.WINDOW_UPDATED));
            RefreshDue due = sendingToASlowUpstream(broker, "draining-account", "sk-ant-api03-shutdown", 2_000, output);
            worker.close();

            // close() returned: the upstream answer arrived, the result was confirmed and the due acknowledged.
            Message result = broker.receive(RESULTS);
            assertThat(result).isNotNull();
            assertThat(result.getMessageProperties().getMessageId()).isEqualTo(due.refreshId().toString());
            assertThat(json.readValue(result.getBody(), WindowUpdated.class).newResetAt())
                    .isEqualTo(Instant.ofEpochSecond(1795860000L));
            assertThat(new String(result.getBody(), StandardCharsets.UTF_8)).doesNotContain("sk-ant-api03-shutdown");
            assertThat(admin.getQueueInfo(Topology.WORKER_QUEUE).getMessageCount()).isZero();
            admin.deleteQueue(RESULTS);
        } finally {
            connectionFactory.destroy();
        }
    }

    /**
     * Publishes a due for an eligible account whose upstream answers after {@code upstreamDelayMillis}, and returns
     * once the worker says it is sending: the refresh is then in flight.
     */
    private RefreshDue sendingToASlowUpstream(RabbitTemplate broker, String account, String secret,
            int upstreamDelayMillis, CapturedOutput output) {
        Instant now = Instant.now();
        var due = new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), account, null, 1, now, now);
        apiService.stubFor(get(urlPathEqualTo("/internal/accounts/" + due.accountId() + "/credentials"))
                .willReturn(okJson("""
                        {"status":"ELIGIBLE","accountId":"%s","accountName":"%s",
                         "authType":"API_KEY","secret":"%s","customEndpoint":null}"""
                        .formatted(due.accountId(), account, secret))));
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000").withFixedDelay(upstreamDelayMillis)));

        broker.send(Topology.EXCHANGE, Topology.REFRESH_DUE, MessageBuilder
                .withBody(json.writeValueAsBytes(due)).setType("RefreshDue")
                .setMessageId(due.refreshId().toString()).build());
        await().atMost(Duration.ofSeconds(15))
                .until(() -> output.getOut().contains("Sending auto-refresh message to account: " + account));
        return due;
    }
}
