package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.Topology;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered overlays parse into the Kubernetes object model, field by field, and hold the system's shape. */
class KubernetesManifestsTest {

    /** The custom resources the overlays may hold; anything else must be a kind the object model knows. */
    private static final Set<String> CUSTOM_KINDS = Set.of("RabbitmqCluster", "Cluster", "ScaledObject", "TriggerAuthentication");

    static Stream<RenderedManifests> overlays() {
        return RenderedManifests.OVERLAYS.stream().map(RenderedManifests::render);
    }

    @Test
    void aMisspelledFieldIsReportedWithItsPath() {
        HasMetadata deployment = RenderedManifests.parseYaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinesProbe: {httpGet: {path: /, port: 80}}
                """);
        assertThat(deployment).isInstanceOf(Deployment.class);
        assertThat(UnknownFields.in(deployment)).containsExactly("spec.template.spec.containers[0].readinesProbe");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyManifestIsAKnownKindWithNoFieldTheObjectModelDoesNotKnow(RenderedManifests rendered) {
        assertThat(rendered.resources()).isNotEmpty();
        for (HasMetadata resource : rendered.resources()) {
            String name = resource.getKind() + " " + resource.getMetadata().getName();
            if (resource instanceof GenericKubernetesResource) {
                assertThat(CUSTOM_KINDS).as("%s: a kind neither in the object model nor an expected custom resource", name)
                        .contains(resource.getKind());
            }
            assertThat(UnknownFields.in(resource)).as("%s: fields Kubernetes does not know", name).isEmpty();
            assertThat(resource.getMetadata().getNamespace()).as("%s: namespace", name).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theThreeServicesRunWithTwoSchedulersAndAutoscaledWorkers(RenderedManifests rendered) {
        assertThat(rendered.all(Deployment.class)).extracting(deployment -> deployment.getMetadata().getName())
                .containsExactlyInAnyOrder("api-service", "scheduler-service", "refresh-worker");
        assertThat(rendered.deployment("scheduler-service").getSpec().getReplicas()).isEqualTo(2);
        boolean keda = !rendered.custom("ScaledObject").isEmpty();
        List<HorizontalPodAutoscaler> autoscalers = rendered.all(HorizontalPodAutoscaler.class);
        if (keda) {
            // KEDA makes its own autoscaler from the ScaledObject; two would fight over the replicas.
            assertThat(autoscalers).isEmpty();
            GenericKubernetesResource scaled = rendered.custom("ScaledObject").getFirst();
            assertThat(path(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("refresh-worker");
            Map<?, ?> trigger = (Map<?, ?>) ((List<?>) path(scaled, "spec", "triggers")).getFirst();
            assertThat(trigger.get("type")).isEqualTo("rabbitmq");
            assertThat(((Map<?, ?>) trigger.get("metadata")).get("queueName")).isEqualTo(Topology.WORKER_QUEUE);
            String authentication = (String) ((Map<?, ?>) trigger.get("authenticationRef")).get("name");
            assertThat(rendered.custom("TriggerAuthentication")).extracting(resource -> resource.getMetadata().getName())
                    .containsExactly(authentication);
        } else {
            assertThat(autoscalers).hasSize(1);
            var spec = autoscalers.getFirst().getSpec();
            assertThat(spec.getScaleTargetRef().getKind()).isEqualTo("Deployment");
            assertThat(spec.getScaleTargetRef().getName()).isEqualTo("refresh-worker");
            assertThat(spec.getMinReplicas()).isPositive();
            assertThat(spec.getMaxReplicas()).isGreaterThan(spec.getMinReplicas());
            assertThat(spec.getMetrics()).singleElement().satisfies(metric -> {
                assertThat(metric.getResource().getName()).isEqualTo("cpu");
                assertThat(metric.getResource().getTarget().getAverageUtilization()).isBetween(50, 90);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasADisruptionBudgetThatSelectsItsPods(RenderedManifests rendered) {
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class).stream()
                    .filter(budget -> podLabels.entrySet().containsAll(
                            budget.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(budgets).as("budgets of %s", deployment.getMetadata().getName()).hasSize(1);
            assertThat(budgets.getFirst().getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theBrokerAndTheDatabaseAreTheOperatorsResourcesTheServicesPointAt(RenderedManifests rendered) {
        GenericKubernetesResource broker = rendered.custom("RabbitmqCluster").getFirst();
        assertThat(broker.getApiVersion()).isEqualTo("rabbitmq.com/v1beta1");
        GenericKubernetesResource database = rendered.custom("Cluster").getFirst();
        assertThat(database.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        int expected = rendered.overlay().equals("dev") ? 1 : 3;
        assertThat(path(broker, "spec", "replicas")).isEqualTo(expected);
        assertThat(path(database, "spec", "instances")).isEqualTo(expected);

        Map<String, String> settings = rendered.all(ConfigMap.class).getFirst().getData();
        // The operator's Service is named after the RabbitmqCluster; CloudNativePG's primary is <cluster>-rw.
        assertThat(settings.get("RABBITMQ_HOST")).isEqualTo(broker.getMetadata().getName());
        assertThat(settings.get("DATABASE_URL"))
                .startsWith("jdbc:postgresql://" + database.getMetadata().getName() + "-rw:5432/autorefresh?");
        assertThat(path(database, "spec", "bootstrap", "initdb", "owner")).isEqualTo("autorefresh_api");
        assertThat(path(database, "spec", "bootstrap", "initdb", "secret", "name")).isEqualTo("autorefresh-db-api");
        Map<?, ?> schedulerRole = (Map<?, ?>) ((List<?>) path(database, "spec", "managed", "roles")).getFirst();
        assertThat(schedulerRole.get("name")).isEqualTo("autorefresh_scheduler");
        assertThat(((Map<?, ?>) schedulerRole.get("passwordSecret")).get("name")).isEqualTo("autorefresh-db-scheduler");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsRenderedEveryOneComesFromTheCluster(RenderedManifests rendered) {
        assertThat(rendered.all(Secret.class)).isEmpty();
    }

    static Object path(GenericKubernetesResource resource, String... keys) {
        Object value = resource.getAdditionalProperties();
        for (String key : keys) {
            assertThat(value).as("%s %s: %s", resource.getKind(), resource.getMetadata().getName(), String.join(".", keys))
                    .isInstanceOf(Map.class);
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }
}
