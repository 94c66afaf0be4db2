package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.testsupport.PrometheusScrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the alert rules and the Grafana dashboard read is one the running services export: a renamed meter
 * fails here instead of leaving an alert that can never fire or a panel that stays empty.
 */
class MetricNamesExistTest extends EndToEndTest {

    private static final Path RULES = Path.of("..", "deploy", "prometheus", "alerts.yml");
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "auto-refresh.json");

    /**
     * RabbitMQ's Prometheus plugin (rabbitmq_prometheus), which the test broker runs without: the names the rules
     * and the dashboard use, from the plugin's documented metric groups. {@code /metrics} (node-wide):
     * rabbitmq_process_resident_memory_bytes. {@code /metrics/detailed}, family queue_coarse_metrics:
     * rabbitmq_detailed_queue_messages, _ready, _unacked; family queue_consumer_count:
     * rabbitmq_detailed_queue_consumers. deploy/prometheus/prometheus.yml asks for exactly these families.
     */
    static final Set<String> RABBITMQ_PLUGIN = Set.of(
            "rabbitmq_process_resident_memory_bytes",
            "rabbitmq_detailed_queue_messages",
            "rabbitmq_detailed_queue_messages_ready",
            "rabbitmq_detailed_queue_messages_unacked",
            "rabbitmq_detailed_queue_consumers");
    /** Series Prometheus writes itself for every target. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @Test
    void everyMetricTheAlertRulesAndTheDashboardReadIsExported() throws IOException {
        Map<String, Set<String>> used = metricsUsed();
        // Not an empty pass: the files were read and their names found.
        assertThat(used.keySet()).contains("autorefresh_accounts", "autorefresh_refresh_lag_seconds_bucket",
                "autorefresh_scheduler_due_backlog", "autorefresh_worker_usage_checks_total", "process_cpu_usage",
                "jvm_memory_used_bytes", "rabbitmq_detailed_queue_messages", "up");
        // Every RabbitMQ name vouched for above is still in use (a stale entry would hide nothing, but mislead).
        assertThat(used.keySet()).containsAll(RABBITMQ_PLUGIN);

        // Meters registered on first use need one refresh of each kind: results, lag, deliveries, upstream calls,
        // usage checks (OAuth accounts only), listener timings, ticks.
        refreshOneApiKeyAndOneOAuthAccount();
        // The scrape Prometheus makes of the api-service: with a viewer token, as docs/operations.md says.
        String viewer = viewerToken();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>(scrape(system.api.baseUrl(), viewer));
            for (var scheduler : system.schedulers) {
                exported.addAll(scrape(scheduler.baseUrl(), null));
            }
            for (var worker : system.workers) {
                exported.addAll(scrape(worker.baseUrl(), null));
            }
            var missing = new TreeMap<String, Set<String>>();
            used.forEach((name, where) -> {
                if (!exported.contains(name) && !RABBITMQ_PLUGIN.contains(name) && !PROMETHEUS_OWN.contains(name)) {
                    missing.put(name, where);
                }
            });
            assertThat(missing).as("metrics the rules or the dashboard read that no service exports").isEmpty();
        });
    }

    @Test
    void theQueryReaderFindsMetricNamesAndNothingElse() {
        assertThat(PromQlMetricNames.in("histogram_quantile(0.99, sum by (le) (rate(a_bucket{le=\"1.0\", "
                + "queue=~\"x{1}\\\\.y\"}[5m]))) > 2 and max(deriv(b[10m])) >= 0 or vector(0) unless "
                + "absent(c{application=\"w\"}) == 0 * on (instance) group_left(job) d offset 5m"))
                .containsExactlyInAnyOrder("a_bucket", "b", "c", "d");
        assertThat(PromQlMetricNames.in("sum(rate(x_total[$__rate_interval])) * 60 / max without(pod) (y)"))
                .containsExactlyInAnyOrder("x_total", "y");
        assertThat(PromQlMetricNames.in("up == 0")).containsExactly("up");
    }

    /** Metric name -> the rules or panels that read it. */
    private static Map<String, Set<String>> metricsUsed() throws IOException {
        var used = new TreeMap<String, Set<String>>();
        Map<String, Object> rules = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> fields = (Map<?, ?>) rule;
                add(used, (String) fields.get("expr"), "alert " + fields.get("alert"));
            }
        }
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                add(used, target.get("expr").asString(), "panel " + panel.get("title").asString());
            }
        }
        return used;
    }

    private static void add(Map<String, Set<String>> used, String expression, String where) {
        PromQlMetricNames.in(expression).forEach(name -> used.computeIfAbsent(name, key -> new TreeSet<>()).add(where));
    }

    private void refreshOneApiKeyAndOneOAuthAccount() {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String keyAccount = api.createApiKeyAccount(uniqueName("metrics-key"), key, system.upstreamUrl())
                .get("id").asString();
        String token = E2eSupport.accessToken();
        upstream.opensWindowsForBearer(token, Duration.ofHours(5));
        String oauthAccount = api.createAccount("""
                {"name": "%s", "accessToken": "%s", "refreshToken": "%s", "expiresAt": "%s", "customEndpoint": "%s"}"""
                .formatted(uniqueName("metrics-oauth"), token, E2eSupport.refreshToken(),
                        Instant.now().plus(Duration.ofHours(8)), system.upstreamUrl())).get("id").asString();
        api.setAutoRefresh(keyAccount, true);
        api.setAutoRefresh(oauthAccount, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.account(keyAccount).get("rateLimitReset").isNull()
                && !api.account(oauthAccount).get("rateLimitReset").isNull());
    }

    private String viewerToken() {
        ApiClient.Response created = api.post("/api/tokens", """
                {"name": "%s", "role": "viewer"}""".formatted(uniqueName("prometheus")));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String token = created.body().get("token").asString();
        E2eSupport.SECRETS.add(token);
        return token;
    }

    /** The metric names of one /actuator/prometheus answer (suffixed as exposed: _total, _bucket, _count ...). */
    private static Set<String> scrape(String baseUrl, String token) {
        return PrometheusScrape.of(baseUrl, token).names();
    }
}
