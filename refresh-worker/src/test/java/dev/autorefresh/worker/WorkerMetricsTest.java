package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.testsupport.PrometheusScrape;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The worker's metrics as Prometheus reads them: upstream calls in flight and their latency by status. */
// Only the upstream calls are under test: a credentials fetch slowed by a busy machine must not fail them.
@TestPropertySource(properties = "autorefresh.worker.api.timeout=10s")
class WorkerMetricsTest extends WorkerIntegrationTest {

    @Autowired
    PrometheusMeterRegistry prometheus;

    @Test
    void upstreamCallsAreTimedByStatusAndCountedWhileInFlight() {
        RefreshDue slow = due("slow-but-fine", expiredWindow);
        RefreshDue overloaded = due("overloaded", expiredWindow);
        RefreshDue unreachable = due("unreachable", expiredWindow);
        answerEligible(slow, "API_KEY", secret("sk-ant-api03-"), anthropic.baseUrl() + "/slow/v1/messages");
        answerEligible(overloaded, "API_KEY", secret("sk-ant-api03-"), anthropic.baseUrl() + "/busy/v1/messages");
        // Port 9 (discard) on loopback: nothing listens there, so no response ever arrives.
        answerEligible(unreachable, "API_KEY", secret("sk-ant-api03-"), "http://127.0.0.1:9/v1/messages");
        anthropic.stubFor(post(urlPathEqualTo("/slow/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000").withFixedDelay(1200)));
        anthropic.stubFor(post(urlPathEqualTo("/busy/v1/messages")).willReturn(aResponse().withStatus(529)));
        PrometheusScrape before = scrape();

        publish(slow);
        await().untilAsserted(() -> assertThat(scrape().sum("autorefresh_worker_upstream_inflight")).isEqualTo(1));
        awaitResult(slow);
        publish(overloaded);
        awaitResult(overloaded);
        publish(unreachable);
        awaitResult(unreachable);

        PrometheusScrape after = scrape();
        assertThat(after.sum("autorefresh_worker_upstream_inflight")).isZero();
        assertThat(delta(before, after, "autorefresh_worker_upstream_latency_seconds_count", "status", "200"))
                .isEqualTo(1);
        assertThat(delta(before, after, "autorefresh_worker_upstream_latency_seconds_sum", "status", "200"))
                .isGreaterThanOrEqualTo(1.2);
        assertThat(delta(before, after, "autorefresh_worker_upstream_latency_seconds_count", "status", "529"))
                .isEqualTo(1);
        assertThat(delta(before, after, "autorefresh_worker_upstream_latency_seconds_count", "status", "none"))
                .isEqualTo(1);
        assertThat(after.has("autorefresh_worker_upstream_latency_seconds_bucket", "status", "200", "le", "+Inf"))
                .isTrue();
        assertThat(delta(before, after, "autorefresh_worker_deliveries_total")).isEqualTo(3);
        assertThat(delta(before, after, "spring_rabbitmq_listener_seconds_count", "listener_id", "refresh-due"))
                .isEqualTo(3);
        assertThat(after.text()).doesNotContain("slow-but-fine", "overloaded", "sk-ant-api03-",
                slow.accountId().toString());
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(prometheus.scrape());
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
