package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.deploy.CommandLineTool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alert rules in deploy/prometheus, checked by Prometheus's own promtool: they load, and their unit tests pass.
 * promtool comes with Debian's prometheus package (scripts/test installs it); without it this test fails, it never
 * skips, so the rules cannot go unchecked.
 */
class AlertRulesTest {

    static final String RULES = "deploy/prometheus/alerts.yml";
    static final String RULE_TESTS = "deploy/prometheus/alerts.test.yml";
    static final String CONFIG = "deploy/prometheus/prometheus.yml";

    @Test
    void promtoolAcceptsTheRules() {
        Result check = promtool("check", "rules", RULES);

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void theRulesUnitTestsPass() {
        Result test = promtool("test", "rules", RULE_TESTS);

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void promtoolAcceptsThePrometheusConfiguration() throws IOException {
        // As the container sees it: the rules and the token file at the paths compose mounts and writes them.
        Path dir = Files.createTempDirectory("prometheus-config-");
        try {
            Path token = Files.writeString(dir.resolve("api-token"), "");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, Repository.read(CONFIG)
                    .replace("/etc/prometheus/alerts.yml", Repository.path(RULES).toString())
                    .replace("/tmp/autorefresh/api-token", token.toString()));

            Result check = promtool("check", "config", config.toString());

            assertThat(check.exitCode()).as(check.output()).isZero();
            assertThat(check.output()).contains("SUCCESS: 1 rule files found", "SUCCESS: " + alertNames().size() + " rules found");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void prometheusScrapesEveryServiceAndTheBrokersQueues() {
        String config = Repository.read(CONFIG);
        assertThat(config).contains("job_name: api-service", "job_name: scheduler-service", "job_name: refresh-worker",
                "job_name: rabbitmq", "job_name: rabbitmq-queues", "metrics_path: /actuator/prometheus",
                "credentials_file: /tmp/autorefresh/api-token", "metrics_path: /metrics/detailed",
                "\"queue_coarse_metrics\"", "\"queue_consumer_count\"", "rabbitmq:15692");
    }

    @Test
    void everyRuleHasCasesWhereItFiresAndWhereItStaysSilent() {
        Map<String, Object> tests = load(RULE_TESTS);
        Set<String> firing = new LinkedHashSet<>();
        Set<String> silent = new LinkedHashSet<>();
        for (Map<String, Object> test : maps(tests.get("tests"))) {
            for (Map<String, Object> check : maps(test.get("alert_rule_test"))) {
                String alert = (String) check.get("alertname");
                boolean expectsAlerts = check.get("exp_alerts") instanceof List<?> expected && !expected.isEmpty();
                (expectsAlerts ? firing : silent).add(alert);
            }
        }
        assertThat(firing).as("rules with a case where they fire").containsAll(alertNames());
        assertThat(silent).as("rules with a case where they stay silent").containsAll(alertNames());
    }

    @Test
    void everyRuleSaysHowUrgentItIsWhatHappenedAndWhatToDo() {
        for (Map<String, Object> rule : rules()) {
            String name = (String) rule.get("alert");
            assertThat(rule.get("for")).as("for: of %s (no alert on one bad scrape)", name).isNotNull();
            assertThat(map(rule.get("labels")).get("severity")).as("severity of %s", name)
                    .isIn("warning", "critical");
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat(annotations).as("annotations of %s", name).containsKeys("summary", "description");
            // The description links the runbook section, whose heading is the alert's name.
            assertThat((String) annotations.get("description")).as("description of %s", name)
                    .contains("docs/operations.md#" + name.toLowerCase());
            assertThat(Repository.read("docs/operations.md")).as("docs/operations.md").contains("### " + name);
        }
    }

    static List<String> alertNames() {
        return rules().stream().map(rule -> (String) rule.get("alert")).toList();
    }

    static List<Map<String, Object>> rules() {
        var rules = new ArrayList<Map<String, Object>>();
        for (Map<String, Object> group : maps(load(RULES).get("groups"))) {
            rules.addAll(maps(group.get("rules")));
        }
        assertThat(rules).as("rules in " + RULES).isNotEmpty();
        return rules;
    }

    private static Map<String, Object> load(String file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Repository.read(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static Map<String, Object> map(Object value) {
        return ComposeFile.map(value);
    }

    private static Result promtool(String... arguments) {
        Path promtool = CommandLineTool.require("promtool",
                "it comes with Debian's prometheus package (apt-get install prometheus; scripts/test installs it)");
        var command = new ArrayList<String>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        return CommandLineTool.run(command, Duration.ofSeconds(60));
    }
}
