package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Grafana dashboard loads, every panel queries the provisioned Prometheus, and it shows what an operator needs.
 * That every metric it names is exported is checked against the running system (e2e-tests, MetricNamesExistTest).
 */
class GrafanaDashboardTest {

    static final String DASHBOARD = "deploy/grafana/dashboards/auto-refresh.json";
    private static final String DATASOURCE = "deploy/grafana/provisioning/datasources/prometheus.yml";
    private static final String PROVIDER = "deploy/grafana/provisioning/dashboards/auto-refresh.yml";

    // JSON is YAML: SnakeYAML reads the file as Grafana's JSON parser would, without another dependency.
    private final Map<String, Object> dashboard = load(DASHBOARD);

    @Test
    void everyPanelQueriesTheProvisionedPrometheus() {
        Map<String, Object> datasource = ComposeFile.map(
                ((List<?>) load(DATASOURCE).get("datasources")).getFirst());
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        for (Map<String, Object> panel : queryPanels()) {
            assertThat(ComposeFile.<Object>map(panel.get("datasource"))).as("datasource of %s", panel.get("title"))
                    .containsEntry("uid", datasource.get("uid"));
            assertThat(targets(panel)).as("queries of %s", panel.get("title")).isNotEmpty().allSatisfy(target ->
                    assertThat((String) target.get("expr")).isNotBlank());
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        Set<Object> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (Map<String, Object> panel : panels()) {
            assertThat(ids.add(panel.get("id"))).as("panel id %s is unique", panel.get("id")).isTrue();
            Map<String, Object> grid = ComposeFile.map(panel.get("gridPos"));
            int x = (Integer) grid.get("x");
            int y = (Integer) grid.get("y");
            int w = (Integer) grid.get("w");
            int h = (Integer) grid.get("h");
            assertThat(x + w).as("%s fits the 24 columns", panel.get("title")).isLessThanOrEqualTo(24);
            for (int row = y; row < y + h; row++) {
                for (int column = x; column < x + w; column++) {
                    assertThat(cells.add(row + ":" + column)).as("%s overlaps another panel", panel.get("title"))
                            .isTrue();
                }
            }
        }
    }

    @Test
    void showsRefreshesLagBacklogUpstreamQueuesParkingLotsAndEachServicesCpuAndHeap() {
        String queries = String.join("\n", queryPanels().stream().flatMap(panel -> targets(panel).stream())
                .map(target -> (String) target.get("expr")).toList());
        assertThat(queries).contains("autorefresh_refreshes_total", "autorefresh_refresh_lag_seconds_bucket",
                "autorefresh_scheduler_due_backlog", "autorefresh_worker_upstream_inflight",
                "rabbitmq_detailed_queue_messages_ready", "parking-lot", "process_cpu_usage", "jvm_memory_used_bytes");
        assertThat(dashboard).containsEntry("uid", "auto-refresh");
    }

    @Test
    void theProviderLoadsTheDirectoryComposeMounts() {
        Map<String, Object> provider = ComposeFile.map(((List<?>) load(PROVIDER).get("providers")).getFirst());
        assertThat(ComposeFile.<Object>map(provider.get("options"))).containsEntry("path", "/etc/autorefresh/dashboards");
        assertThat(ComposeFile.strings(ComposeFile.load().service("grafana").get("volumes")))
                .contains("./deploy/grafana/dashboards:/etc/autorefresh/dashboards:ro");
    }

    private List<Map<String, Object>> panels() {
        var panels = new ArrayList<Map<String, Object>>();
        for (Object panel : (List<?>) dashboard.get("panels")) {
            panels.add(ComposeFile.map(panel));
        }
        return panels;
    }

    private List<Map<String, Object>> queryPanels() {
        return panels().stream().filter(panel -> !"row".equals(panel.get("type"))).toList();
    }

    private static List<Map<String, Object>> targets(Map<String, Object> panel) {
        var targets = new ArrayList<Map<String, Object>>();
        if (panel.get("targets") instanceof List<?> list) {
            list.forEach(target -> targets.add(ComposeFile.map(target)));
        }
        return targets;
    }

    private static Map<String, Object> load(String file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(file));
    }
}
