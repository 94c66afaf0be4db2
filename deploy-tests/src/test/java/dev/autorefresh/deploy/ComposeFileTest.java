package dev.autorefresh.deploy;

import static dev.autorefresh.deploy.ComposeFile.environment;
import static dev.autorefresh.deploy.ComposeFile.map;
import static dev.autorefresh.deploy.ComposeFile.ports;
import static dev.autorefresh.deploy.ComposeFile.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What `docker-compose config -q` cannot check: the topology and the rules that docs/operations.md, "With docker
 * compose", states.
 */
class ComposeFileTest {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|_PASS|TOKEN|SECRET|API_KEY|CREDENTIAL).*");
    /** A required variable without default: compose refuses to start while it is unset or empty. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]+}");
    /** HOST_IP:HOST_PORT:CONTAINER_PORT where the host IP is loopback unless BIND_ADDRESS overrides it. */
    private static final Pattern LOOPBACK_PORT =
            Pattern.compile("(127\\.0\\.0\\.1|\\$\\{BIND_ADDRESS:-127\\.0\\.0\\.1}):(\\d+|\\$\\{[A-Z_]+:-\\d+}):\\d+");

    /**
     * Client credentials that may be left empty: an empty one grants nothing (the scrape it is for is refused), so
     * unlike a password it is never a known way in. Only these may have the empty default {@code ${X:-}}.
     */
    private static final Set<String> EMPTY_MEANS_NO_ACCESS = Set.of("PROMETHEUS_API_TOKEN");

    private static final Pattern ROOT_POM_VERSION =
            Pattern.compile("<artifactId>auto-refresh</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern FINAL_NAME = Pattern.compile("<finalName>([^<]+)</finalName>");

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void runsTheWholeTopology() {
        assertThat(compose.services()).containsOnlyKeys(
                "postgres", "rabbitmq", "api-service", "scheduler-service", "refresh-worker", "stub-upstream",
                "prometheus", "grafana");
    }

    @Test
    void everyServiceHasAHealthcheck() {
        compose.services().forEach((name, service) -> {
            Map<String, Object> healthcheck = map(service.get("healthcheck"));
            assertThat(healthcheck).as("healthcheck of %s", name).isNotEmpty().doesNotContainEntry("disable", true);
            assertThat(strings(healthcheck.get("test"))).as("healthcheck test of %s", name)
                    .isNotEmpty().doesNotContain("NONE");
        });
    }

    @Test
    void everyDependencyWaitsUntilTheOtherServiceIsHealthy() {
        compose.services().forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            // The short (list) form only waits for the container to start.
            assertThat(dependsOn).as("depends_on of %s must name a condition", name).isInstanceOf(Map.class);
            map(dependsOn).forEach((dependency, condition) -> assertThat(map(condition))
                    .as("%s depends on %s", name, dependency)
                    .containsEntry("condition", "service_healthy"));
        });
    }

    @Test
    void servicesStartAfterTheDatabaseAndTheBroker() {
        assertThat(dependencies("api-service")).contains("postgres", "rabbitmq");
        assertThat(dependencies("scheduler-service")).contains("postgres", "rabbitmq");
        assertThat(dependencies("refresh-worker")).contains("rabbitmq");
    }

    @Test
    void schedulersStartAfterTheApiServiceWhoseMigrationCreatesTheirView() {
        assertThat(dependencies("scheduler-service")).contains("api-service");
    }

    @Test
    void twoSchedulersRaceForTheLockEveryTick() {
        Map<String, Object> scheduler = compose.service("scheduler-service");
        assertThat(map(scheduler.get("deploy"))).containsEntry("replicas", 2);
        assertThat(scheduler).doesNotContainKeys("container_name", "ports", "hostname");
    }

    @Test
    void workersScaleWithoutNameOrHostPortConflicts() {
        Map<String, Object> worker = compose.service("refresh-worker");
        // --scale refresh-worker=3 fails on a fixed container name or host port.
        assertThat(worker).doesNotContainKeys("container_name", "ports", "hostname");
        assertThat(dependencies("refresh-worker")).contains("api-service");
        assertThat(environment(worker)).containsEntry("API_SERVICE_URL", "http://api-service:8080");
    }

    @Test
    void publishedPortsListenOnLoopbackByDefault() {
        compose.services().forEach((name, service) -> assertThat(ports(service))
                .as("ports of %s", name)
                .allSatisfy(port -> assertThat(port).matches(LOOPBACK_PORT)));
    }

    @Test
    void theApiAndTheBrokerConsoleArePublished() {
        assertThat(ports(compose.service("api-service"))).anySatisfy(port -> assertThat(port).endsWith(":8080"));
        assertThat(ports(compose.service("rabbitmq")))
                .anySatisfy(port -> assertThat(port).endsWith(":15672"))
                .anySatisfy(port -> assertThat(port).endsWith(":15692"));
    }

    @Test
    void noSecretIsHardCoded() {
        compose.services().forEach((name, service) -> environment(service).forEach((variable, value) -> {
            if (EMPTY_MEANS_NO_ACCESS.contains(variable)) {
                assertThat(value).as("%s of %s: from .env, empty unless set", variable, name)
                        .isEqualTo("${" + variable + ":-}");
            } else if (SECRET_NAME.matcher(variable).matches()) {
                assertThat(value).as("%s of %s must come from .env, required and without default", variable, name)
                        .matches(REQUIRED_VARIABLE);
            }
        }));
    }

    @Test
    void everySecretIsRequiredWhereverItIsUsed() {
        // A secret with a default somewhere (${X:-...}) would start the system with a password from this file.
        compose.variables().stream().filter(variable -> SECRET_NAME.matcher(variable).matches())
                .filter(variable -> !EMPTY_MEANS_NO_ACCESS.contains(variable)).forEach(variable ->
                assertThat(Repository.read(ComposeFile.FILE))
                        .as("%s has a default somewhere", variable)
                        .doesNotContain("${" + variable + ":-", "${" + variable + "-", "${" + variable + "}"));
    }

    @Test
    void rabbitmqIsTheManagementImageWithConsolePrometheusAndPingHealthcheck() {
        Map<String, Object> rabbitmq = compose.service("rabbitmq");
        assertThat(rabbitmq.get("image").toString()).contains("-management");
        // One exact 4.x patch release, never a floating tag: a new broker must be a commit (4.3 changed what counts
        // toward a quorum queue's delivery limit).
        assertThat(rabbitmq.get("image").toString()).matches("rabbitmq:4\\.\\d+\\.\\d+-management");
        // Healthy once the node answers and its users and vhost are provisioned.
        assertThat(String.join(" ", strings(map(rabbitmq.get("healthcheck")).get("test"))))
                .contains("rabbitmq-diagnostics -q ping").contains(".autorefresh-provisioned");
        assertThat(strings(rabbitmq.get("volumes")))
                .contains("./deploy/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro");
        assertThat(Repository.read("deploy/rabbitmq/enabled_plugins").strip())
                .isEqualTo("[rabbitmq_management,rabbitmq_prometheus].");
        // The node name, and so where its data lives in the volume, follows the host name.
        assertThat(rabbitmq).containsEntry("hostname", "rabbitmq");
    }

    @Test
    void postgresIsProvisionedByTheInitScript() {
        Map<String, Object> postgres = compose.service("postgres");
        assertThat(strings(postgres.get("volumes"))).contains(
                "./deploy/postgres/init:/docker-entrypoint-initdb.d:ro",
                "./deploy/postgres/provision.sql:/etc/autorefresh/provision.sql:ro");
        assertThat(environment(postgres)).containsEntry("POSTGRES_DB", "autorefresh");
        assertThat(Repository.read("deploy/postgres/init/10-autorefresh.sh")).contains("/etc/autorefresh/provision.sql");
    }

    @Test
    void servicesLogInWithTheirOwnLeastPrivilegeRole() {
        assertThat(environment(compose.service("api-service"))).containsEntry("DATABASE_USERNAME", "autorefresh_api");
        assertThat(environment(compose.service("scheduler-service")))
                .containsEntry("DATABASE_USERNAME", "autorefresh_scheduler");
        assertThat(environment(compose.service("refresh-worker"))).doesNotContainKeys(
                "DATABASE_URL", "DATABASE_USERNAME", "DATABASE_PASSWORD");
        String provisioning = Repository.read("deploy/postgres/provision.sql");
        assertThat(provisioning).contains(
                "CREATE ROLE refresh_candidate_reader NOLOGIN",
                "GRANT refresh_candidate_reader TO autorefresh_scheduler",
                "CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION autorefresh_api",
                "CREATE SCHEMA IF NOT EXISTS scheduler AUTHORIZATION autorefresh_scheduler",
                "NOSUPERUSER NOCREATEDB NOCREATEROLE");
    }

    @Test
    void theDemoProfileAddsTheStubUpstreamAndTheObservabilityProfilePrometheusAndGrafana() {
        compose.services().forEach((name, service) -> {
            List<String> profiles = strings(service.get("profiles"));
            switch (name) {
                case "stub-upstream" -> assertThat(profiles).containsExactly("demo");
                case "prometheus", "grafana" -> assertThat(profiles).as("profiles of %s", name)
                        .containsExactly("observability");
                default -> assertThat(profiles).as("profiles of %s (it must always run)", name).isEmpty();
            }
        });
        assertThat(map(compose.service("stub-upstream").get("healthcheck")).get("test").toString())
                .contains("/_stub/health");
    }

    @Test
    void everyContainerDropsAllCapabilitiesCannotGainPrivilegesAndHasAMemoryLimit() {
        compose.services().forEach((name, service) -> {
            assertThat(strings(service.get("cap_drop"))).as("cap_drop of %s", name).containsExactly("ALL");
            assertThat(strings(service.get("security_opt"))).as("security_opt of %s", name)
                    .contains("no-new-privileges:true");
            assertThat(service.get("mem_limit")).as("mem_limit of %s", name).isNotNull();
        });
        // Only the two servers get capabilities back, and only what their entrypoints need to switch user.
        compose.services().forEach((name, service) -> {
            if (name.equals("postgres") || name.equals("rabbitmq")) {
                assertThat(strings(service.get("cap_add"))).as("cap_add of %s", name)
                        .containsExactlyInAnyOrder("CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID");
            } else {
                assertThat(service.get("cap_add")).as("cap_add of %s", name).isNull();
            }
        });
    }

    @Test
    void theJavaServicesRunOnAReadOnlyRootFileSystemWithATmpfs() {
        for (String name : List.of("api-service", "scheduler-service", "refresh-worker", "stub-upstream")) {
            Map<String, Object> service = compose.service(name);
            assertThat(service.get("read_only")).as("read_only of %s", name).isEqualTo(true);
            assertThat(strings(service.get("tmpfs"))).as("tmpfs of %s", name).contains("/tmp");
        }
    }

    @Test
    void eachServiceUsesItsOwnBrokerUserOnTheDedicatedVhost() {
        Map<String, String> users = Map.of("api-service", "autorefresh-api", "scheduler-service",
                "autorefresh-scheduler", "refresh-worker", "autorefresh-worker");
        users.forEach((name, user) -> {
            Map<String, String> environment = environment(compose.service(name));
            assertThat(environment).containsEntry("RABBITMQ_USERNAME", user).containsEntry("RABBITMQ_VHOST", "autorefresh");
            assertThat(environment.get("RABBITMQ_PASSWORD")).doesNotContain("${RABBITMQ_PASSWORD");
        });
        Map<String, Object> rabbitmq = compose.service("rabbitmq");
        assertThat(strings(rabbitmq.get("volumes"))).contains(
                "./deploy/rabbitmq/provision.sh:/etc/autorefresh/rabbitmq-provision.sh:ro",
                "./deploy/rabbitmq/start.sh:/etc/autorefresh/rabbitmq-start.sh:ro");
        assertThat(environment(rabbitmq)).containsKeys("API_RABBITMQ_PASSWORD", "SCHEDULER_RABBITMQ_PASSWORD",
                "WORKER_RABBITMQ_PASSWORD");
        // Healthy only once the users exist, so no service connects before its user is there.
        assertThat(map(rabbitmq.get("healthcheck")).get("test").toString()).contains(".autorefresh-provisioned");
        String provisioning = Repository.read("deploy/rabbitmq/provision.sh");
        // Service users get no tag at all (no administrator, no management UI).
        assertThat(provisioning).contains("ctl set_user_tags \"$1\" > /dev/null", "set_topic_permissions");
    }

    @Test
    void credentialsGoOnlyToAllowedHostsInTheApiAndTheWorkers() {
        for (String name : List.of("api-service", "refresh-worker")) {
            assertThat(environment(compose.service(name)).get("AUTOREFRESH_ALLOWED_HOSTS")).as(name)
                    .contains("api.anthropic.com", "http://stub-upstream:9090");
        }
    }

    @Test
    void prometheusLoadsItsConfigurationAndTheAlertRulesAndGetsTheScrapeTokenFromTheEnvironment() {
        Map<String, Object> prometheus = compose.service("prometheus");
        assertThat(strings(prometheus.get("volumes"))).contains(
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        assertThat(Repository.read("deploy/prometheus/prometheus.yml")).contains("/etc/prometheus/alerts.yml");
        // The token reaches the file the api-service job reads, and nowhere else.
        String entrypoint = String.join(" ", strings(prometheus.get("entrypoint")));
        assertThat(entrypoint).contains("\"$$PROMETHEUS_API_TOKEN\" > /tmp/autorefresh/api-token", "umask 077",
                "exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml");
        assertThat(environment(prometheus)).containsEntry("PROMETHEUS_API_TOKEN", "${PROMETHEUS_API_TOKEN:-}");
        assertThat(prometheus.get("read_only")).isEqualTo(true);
    }

    @Test
    void grafanaIsProvisionedWithAnAdminPasswordFromEnvAndNoAnonymousViewerByDefault() {
        Map<String, Object> grafana = compose.service("grafana");
        Map<String, String> environment = environment(grafana);
        assertThat(environment.get("GF_SECURITY_ADMIN_PASSWORD")).matches(REQUIRED_VARIABLE);
        assertThat(environment).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "${GRAFANA_ANONYMOUS_VIEWER:-false}")
                .containsEntry("GF_USERS_ALLOW_SIGN_UP", "false");
        assertThat(strings(grafana.get("volumes"))).contains(
                "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/dashboards:/etc/autorefresh/dashboards:ro");
        assertThat(dependencies("grafana")).containsExactly("prometheus");
    }

    @Test
    void everyImageOfOursBuildsFromTheOneDockerfileWithItsModulesJarPortAndHealthPath() {
        String version = match(ROOT_POM_VERSION, Repository.read("pom.xml"), "the root pom's version");
        for (String module : DockerfileTest.MODULES) {
            Map<String, Object> service = compose.service(module);
            Map<String, Object> build = map(service.get("build"));
            assertThat(build).as("build of %s", module)
                    .containsEntry("context", ".")
                    .containsEntry("dockerfile", DockerfileTest.DOCKERFILE);
            Map<String, Object> args = map(build.get("args"));
            assertThat(args).as("build args of %s", module).containsEntry("MODULE", module);
            // The jar the module's pom builds: its finalName, else artifactId-version.
            String pom = Repository.read(module + "/pom.xml");
            String jar = FINAL_NAME.matcher(pom).find()
                    ? match(FINAL_NAME, pom, module + "'s finalName") + ".jar"
                    : module + "-" + version + ".jar";
            assertThat(args).as("build args of %s", module).containsEntry("JAR", jar);
            // The image's defaults agree with what compose runs it with.
            assertThat(args).as("build args of %s", module)
                    .containsEntry("PORT", environment(service).get("PORT"))
                    .containsEntry("HEALTHCHECK_PATH", strings(map(service.get("healthcheck")).get("test")).getLast());
        }
    }

    @Test
    void imagesWeDoNotBuildArePinnedToAVersion() {
        compose.services().forEach((name, service) -> {
            if (service.get("build") == null) {
                assertThat(String.valueOf(service.get("image"))).as("image of %s", name)
                        .matches("[a-z0-9./-]+:v?\\d+(\\.\\d+)*(-[a-z]+)?");
            }
        });
    }

    private static String match(Pattern pattern, String text, String what) {
        var matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(what).isTrue();
        return matcher.group(1);
    }

    private List<String> dependencies(String service) {
        return List.copyOf(map(compose.service(service).get("depends_on")).keySet());
    }
}
