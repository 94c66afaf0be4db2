package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every container of every rendered overlay: probes, sized resources, a locked-down context, secrets from Secrets. */
class KubernetesWorkloadsTest {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|KEY).*");
    /** Read by the JVM itself, not by Spring. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern IMPORT = Pattern.compile("import: classpath:([\\w.-]+)");

    static Stream<RenderedManifests> overlays() {
        return KubernetesManifestsTest.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasUnauthenticatedHealthProbesOnItsOwnPort(RenderedManifests rendered) {
        forEachContainer(rendered, (deployment, pod, container) -> {
            String name = deployment + "/" + container.getName();
            Set<String> ports = container.getPorts().stream().map(port -> port.getName()).collect(Collectors.toSet());
            assertProbe(name + " startup", container.getStartupProbe(), "/actuator/health/liveness", ports);
            assertProbe(name + " liveness", container.getLivenessProbe(), "/actuator/health/liveness", ports);
            assertProbe(name + " readiness", container.getReadinessProbe(), "/actuator/health/readiness", ports);
            // A slow first start (Flyway, a cold JIT) must not be killed by the liveness probe: the startup probe waits.
            Probe startup = container.getStartupProbe();
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as(name + " startup budget, s")
                    .isGreaterThanOrEqualTo(90);
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimitsAndAHeapThatFits(RenderedManifests rendered) {
        forEachContainer(rendered, (deployment, pod, container) -> {
            String name = deployment + "/" + container.getName();
            Map<String, Quantity> requests = container.getResources().getRequests();
            Map<String, Quantity> limits = container.getResources().getLimits();
            assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
            assertThat(limits).as(name + " limits").containsKeys("cpu", "memory");
            assertThat(limits.get("cpu").getNumericalAmount()).as(name + " cpu limit")
                    .isGreaterThanOrEqualTo(requests.get("cpu").getNumericalAmount());
            // Memory is not compressible: a request below the limit lets the node overcommit and kill the pod.
            assertThat(limits.get("memory")).as(name + " memory").isEqualTo(requests.get("memory"));
            String javaOptions = env(container).get("JAVA_TOOL_OPTIONS").getValue();
            assertThat(javaOptions).as(name + " heap").contains("-Xmx256m");
            long limitMiB = limits.get("memory").getNumericalAmount().longValue() / (1024 * 1024);
            // 256 MiB heap plus metaspace, code cache, thread stacks and buffers: the benchmark's peak RSS was 497 MiB.
            assertThat(limitMiB).as(name + " memory limit, MiB").isGreaterThanOrEqualTo(512);
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerRunsAsANonRootUserOnAReadOnlyRootWithNoCapabilities(RenderedManifests rendered) {
        forEachContainer(rendered, (deployment, pod, container) -> {
            String name = deployment + "/" + container.getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name + " uid").isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " service account token").isFalse();
            var security = container.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as(name + " privilege escalation").isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).as(name + " read-only root").isTrue();
            assertThat(security.getPrivileged()).as(name + " privileged").isNotEqualTo(Boolean.TRUE);
            assertThat(security.getCapabilities().getDrop()).as(name + " dropped capabilities").contains("ALL");
            assertThat(security.getCapabilities().getAdd()).as(name + " added capabilities").isNullOrEmpty();
            // The only writable place is an emptyDir on /tmp.
            var tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp")).toList();
            assertThat(tmp).as(name + " /tmp").hasSize(1);
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getFirst().getName()))
                    .findFirst().orElseThrow();
            assertThat(volume.getEmptyDir()).as(name + " /tmp volume").isNotNull();
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretsComeOnlyFromSecretsNeverFromAValueOrAConfigMap(RenderedManifests rendered) {
        for (ConfigMap configMap : rendered.all(ConfigMap.class)) {
            assertThat(configMap.getData().keySet()).as("keys of ConfigMap %s", configMap.getMetadata().getName())
                    .noneMatch(key -> SECRET_NAME.matcher(key).matches());
        }
        String guide = Repository.read("docs/kubernetes.md");
        forEachContainer(rendered, (deployment, pod, container) -> {
            for (EnvVar variable : container.getEnv()) {
                String name = deployment + "/" + container.getName() + " " + variable.getName();
                if (SECRET_NAME.matcher(variable.getName()).matches()) {
                    assertThat(variable.getValue()).as(name + " as a plain value").isNull();
                    assertThat(variable.getValueFrom()).as(name + " source").isNotNull();
                    var reference = variable.getValueFrom().getSecretKeyRef();
                    assertThat(reference).as(name + " from a Secret").isNotNull();
                    // Whoever installs must know which Secret and key to create.
                    assertThat(guide).as("docs/kubernetes.md names Secret " + reference.getName())
                            .contains("`" + reference.getName() + "`");
                    assertThat(guide).as("docs/kubernetes.md names key " + reference.getKey())
                            .contains("`" + reference.getKey() + "`");
                }
                assertThat(variable.getValueFrom() == null || variable.getValueFrom().getConfigMapKeyRef() == null)
                        .as(name + " from a ConfigMap key").isTrue();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyVariableGivenToAServiceIsOneItReads(RenderedManifests rendered) {
        Set<String> readByAny = new HashSet<>();
        forEachContainer(rendered, (deployment, pod, container) -> {
            Set<String> read = variablesReadBy(deployment);
            readByAny.addAll(read);
            assertThat(container.getEnv()).extracting(EnvVar::getName).as(deployment + " environment")
                    .allMatch(variable -> read.contains(variable) || JVM_VARIABLES.contains(variable));
        });
        for (ConfigMap configMap : rendered.all(ConfigMap.class)) {
            assertThat(configMap.getData().keySet()).as("ConfigMap %s: a variable no service reads", configMap.getMetadata().getName())
                    .allMatch(readByAny::contains);
        }
    }

    /**
     * The ${NAME} placeholders of a service's application.yml and of the shared file it imports (shared-model's
     * resources): the environment variables it reads.
     */
    private static Set<String> variablesReadBy(String service) {
        String settings = Repository.read(service + "/src/main/resources/application.yml");
        String imported = IMPORT.matcher(settings).results()
                .map(match -> Repository.read("shared-model/src/main/resources/" + match.group(1)))
                .collect(Collectors.joining("\n"));
        return PLACEHOLDER.matcher(settings + imported).results().map(match -> match.group(1))
                .collect(Collectors.toSet());
    }

    private static void assertProbe(String name, Probe probe, String path, Set<String> ports) {
        assertThat(probe).as(name).isNotNull();
        assertThat(probe.getHttpGet()).as(name + " httpGet").isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(name + " path").isEqualTo(path);
        // No header: the probe carries no token, so the endpoint must answer without one.
        assertThat(probe.getHttpGet().getHttpHeaders()).as(name + " headers").isNullOrEmpty();
        assertThat(ports).as(name + " port").contains(probe.getHttpGet().getPort().getStrVal());
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable -> variable));
    }

    private static void forEachContainer(RenderedManifests rendered, ContainerCheck check) {
        for (Deployment deployment : rendered.all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getInitContainers()).isNullOrEmpty();
            for (Container container : pod.getContainers()) {
                check.accept(deployment.getMetadata().getName(), pod, container);
            }
        }
    }

    private interface ContainerCheck {
        void accept(String deployment, PodSpec pod, Container container);
    }
}
