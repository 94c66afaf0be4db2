package dev.autorefresh.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.testsupport.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One refresh is one trace: the scheduler's dispatch, the worker's upstream call and the api-service applying the
 * result log the same trace id. The trace context stays on our own hops: the fake Anthropic API never sees it.
 */
class TracingTest extends EndToEndTest {

    /** Spring Boot's correlation id in the plain log format: {@code [<trace id>-<span id>]}. */
    private static final Pattern CORRELATION = Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}]");

    @Test
    void oneRefreshLogsOneTraceIdInTheSchedulerTheWorkerAndTheApiService() {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String name = uniqueName("traced");
        String id = api.createApiKeyAccount(name, key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                traceIds(List.of(system.api), "Updated rate_limit_reset for " + name + " to ")).hasSize(1));
        Set<String> applied = traceIds(List.of(system.api), "Updated rate_limit_reset for " + name + " to ");
        Set<String> dispatched = traceIds(system.schedulers, "for account " + name + " (attempt ");
        Set<String> sent = traceIds(system.workers, "Auto-refresh message sent successfully for account: " + name);

        assertThat(dispatched).as("scheduler: Dispatching auto-refresh ... for account " + name).isEqualTo(applied);
        assertThat(sent).as("worker: Auto-refresh message sent successfully for account: " + name).isEqualTo(applied);
        assertThat(applied.iterator().next()).isNotEqualTo("0".repeat(32));
    }

    @Test
    void theUpstreamNeverReceivesTraceHeaders() {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String name = uniqueName("untraced-upstream");
        String id = api.createApiKeyAccount(name, key, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(id, true);

        await().atMost(Duration.ofSeconds(30)).until(() -> !requestsWith(key).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                traceIds(List.of(system.api), "Updated rate_limit_reset for " + name + " to ")).hasSize(1));
        for (LoggedRequest request : requestsWith(key)) {
            assertThat(request.getHeaders().keys()).as(request.getMethod() + " " + request.getUrl())
                    .isNotEmpty()
                    .noneMatch(header -> header.equalsIgnoreCase("traceparent")
                            || header.equalsIgnoreCase("tracestate")
                            || header.equalsIgnoreCase("baggage")
                            || header.equalsIgnoreCase("b3")
                            || header.toLowerCase(java.util.Locale.ROOT).startsWith("x-b3-"));
        }
    }

    @Test
    void withoutAnOtlpEndpointNoServiceExportsOrComplainsAboutExporting() {
        // Set in no service's environment (RunningSystem): spans stay in the process.
        assertThat(System.getenv("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT")).isNull();

        assertThat(system.allLogs()).doesNotContainIgnoringCase("otlp").doesNotContainIgnoringCase("failed to export");
    }

    private static List<LoggedRequest> requestsWith(String key) {
        return system.upstream.findAll(anyRequestedFor(anyUrl()).withHeader("x-api-key", equalTo(key)));
    }

    /** The trace ids of the services' log lines that contain {@code text}. */
    private static Set<String> traceIds(List<ServiceProcess> services, String text) {
        return services.stream()
                .flatMap(service -> service.logText().lines())
                .filter(line -> line.contains(text))
                .map(line -> {
                    Matcher correlation = CORRELATION.matcher(line);
                    assertThat(correlation.find()).as("trace id in: " + line).isTrue();
                    return correlation.group(1);
                })
                .collect(Collectors.toSet());
    }
}
