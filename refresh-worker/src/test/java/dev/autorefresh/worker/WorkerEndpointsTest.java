package dev.autorefresh.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.testsupport.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator's tools read from a worker over HTTP: the probes (the broker only: it has no database) and the scrape. */
@WorkerTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "autorefresh.worker.api.base-url=http://127.0.0.1:9",
        "autorefresh.worker.api.service-token=unused"})
class WorkerEndpointsTest {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    @Test
    void readinessCoversTheBrokerAndLivenessNothingOutside() {
        JsonNode ready = json.readTree(PrometheusScrape.get(port, "/actuator/health/readiness"));
        assertThat(ready.get("status").stringValue()).isEqualTo("UP");
        assertThat(ready.get("components").propertyNames()).containsExactlyInAnyOrder("rabbit", "readinessState");

        JsonNode live = json.readTree(PrometheusScrape.get(port, "/actuator/health/liveness"));
        assertThat(live.get("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    void thePrometheusEndpointServesTheWorkersMetrics() {
        PrometheusScrape scrape = PrometheusScrape.of(port);

        assertThat(scrape.has("autorefresh_worker_upstream_inflight", "application", "refresh-worker")).isTrue();
        assertThat(scrape.has("jvm_threads_live_threads")).isTrue();
    }
}
