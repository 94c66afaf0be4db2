package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may talk to whom, read from the rendered NetworkPolicies and the pods' labels: default deny, only the services
 * reach the broker and the database, and only the workers are let out to the api-service's port.
 */
class KubernetesNetworkPoliciesTest {

    static Stream<RenderedManifests> overlays() {
        return KubernetesManifestsTest.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodDeniesIngressByDefaultAndOurServicesDenyEgress(RenderedManifests rendered) {
        assertThat(rendered.all(NetworkPolicy.class)).anySatisfy(policy -> {
            assertThat(isEmpty(policy.getSpec().getPodSelector())).isTrue();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        });
        for (Deployment deployment : rendered.all(Deployment.class)) {
            Map<String, String> labels = podLabels(deployment);
            assertThat(rendered.all(NetworkPolicy.class)).as("an egress deny-all selecting %s", deployment.getMetadata().getName())
                    .anySatisfy(policy -> {
                        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Egress");
                        assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
                        assertThat(selects(policy.getSpec().getPodSelector(), labels)).isTrue();
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheServicesReachTheBrokerAndOnlyTheDatabaseClientsTheDatabase(RenderedManifests rendered) {
        GenericKubernetesResource broker = rendered.custom("RabbitmqCluster").getFirst();
        GenericKubernetesResource database = rendered.custom("Cluster").getFirst();
        // The labels the operators put on their pods.
        Map<String, String> brokerPod = Map.of("app.kubernetes.io/name", broker.getMetadata().getName());
        Map<String, String> databasePod = Map.of("cnpg.io/cluster", database.getMetadata().getName());

        assertThat(podsAllowedIn(rendered, brokerPod, 5672))
                .containsExactlyInAnyOrder("api-service", "scheduler-service", "refresh-worker");
        assertThat(podsAllowedIn(rendered, databasePod, 5432)).containsExactlyInAnyOrder("api-service", "scheduler-service");
        assertThat(podsAllowedOut(rendered, brokerPod, 5672))
                .containsExactlyInAnyOrder("api-service", "scheduler-service", "refresh-worker");
        assertThat(podsAllowedOut(rendered, databasePod, 5432)).containsExactlyInAnyOrder("api-service", "scheduler-service");
        // No rule lets another namespace in on AMQP or PostgreSQL.
        for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
            if (selects(policy.getSpec().getPodSelector(), brokerPod) || selects(policy.getSpec().getPodSelector(), databasePod)) {
                policy.getSpec().getIngress().stream()
                        .filter(rule -> rule.getPorts().stream().anyMatch(port -> Set.of(5672, 5432).contains(port.getPort().getIntVal())))
                        .flatMap(rule -> rule.getFrom().stream())
                        .forEach(peer -> assertThat(peer.getNamespaceSelector()).as(policy.getMetadata().getName()).isNull());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheWorkersAreLetOutToTheApiServicesPort(RenderedManifests rendered) {
        Map<String, String> apiPod = podLabels(rendered.deployment("api-service"));
        assertThat(podsAllowedOut(rendered, apiPod, 8080)).containsExactly("refresh-worker");
    }

    /** Our Deployments whose pods an ingress rule of a policy selecting {@code target} lets in on {@code port}. */
    private static Set<String> podsAllowedIn(RenderedManifests rendered, Map<String, String> target, int port) {
        return rendered.all(Deployment.class).stream().filter(deployment -> rendered.all(NetworkPolicy.class).stream()
                        .filter(policy -> selects(policy.getSpec().getPodSelector(), target))
                        .flatMap(policy -> policy.getSpec().getIngress() == null ? Stream.empty() : policy.getSpec().getIngress().stream())
                        .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
                        .anyMatch(rule -> rule.getFrom().stream().anyMatch(peer -> admits(peer, podLabels(deployment)))))
                .map(deployment -> deployment.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** Our Deployments an egress rule lets out to pods labelled {@code target} on {@code port}. */
    private static Set<String> podsAllowedOut(RenderedManifests rendered, Map<String, String> target, int port) {
        return rendered.all(Deployment.class).stream().filter(deployment -> rendered.all(NetworkPolicy.class).stream()
                        .filter(policy -> selects(policy.getSpec().getPodSelector(), podLabels(deployment)))
                        .flatMap(policy -> policy.getSpec().getEgress() == null ? Stream.empty() : policy.getSpec().getEgress().stream())
                        .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
                        .anyMatch(rule -> rule.getTo().stream().anyMatch(peer -> admits(peer, target))))
                .map(deployment -> deployment.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** A peer in the same namespace (no namespace selector, no address block) that selects these pod labels. */
    private static boolean admits(NetworkPolicyPeer peer, Map<String, String> labels) {
        return peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null
                && selects(peer.getPodSelector(), labels);
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        boolean matchLabels = selector.getMatchLabels() == null
                || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean matchExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(expression -> switch (expression.getOperator()) {
                    case "In" -> expression.getValues().contains(labels.get(expression.getKey()));
                    case "NotIn" -> !expression.getValues().contains(labels.get(expression.getKey()));
                    case "Exists" -> labels.containsKey(expression.getKey());
                    case "DoesNotExist" -> !labels.containsKey(expression.getKey());
                    default -> throw new AssertionError("unknown operator " + expression.getOperator());
                });
        return matchLabels && matchExpressions;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }
}
