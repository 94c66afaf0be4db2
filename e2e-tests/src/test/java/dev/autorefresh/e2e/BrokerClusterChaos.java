package dev.autorefresh.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.Topology;
import dev.autorefresh.testsupport.RabbitCluster;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The system on a three-node RabbitMQ cluster, each service given every node's address, with a node killed (-9)
 * under load: the one leading the workers' queue while calls are in flight, then the one leading the results queue
 * while results arrive. Each node comes back and the chaos matrix's invariants are checked as for one node: no
 * lost window, no duplicate, every call recorded, nothing stuck, no new message in a parking lot.
 *
 * <p>Run by {@code scripts/broker-cluster} (not by the normal build: its name is not a test name; three broker
 * nodes and seven JVMs take about five minutes on two cores). {@code AUTOREFRESH_TEST_RABBIT_NODES=3} makes the
 * test JVM's broker a cluster.
 */
class BrokerClusterChaos {

    /** The killed node stays down this long: beyond a quorum queue's leader election and the clients' reconnects. */
    static final Duration NODE_DOWN = Duration.ofSeconds(20);

    @Test
    void killingTheNodeThatLeadsAQueueLosesNoWindowAndSendsNoDuplicate() throws Exception {
        RabbitCluster cluster = TestInfrastructure.rabbitCluster();
        assertThat(cluster.size()).as(TestInfrastructure.RABBIT_NODES_VARIABLE).isEqualTo(3);
        int accounts = Integer.getInteger("chaos.accounts", 100);
        Path output = Path.of(System.getProperty("chaos.output", "target/broker-cluster"));
        String loadBefore = uptime();
        List<ChaosResult> results = new ArrayList<>();
        try (var system = new ChaosSystem()) {
            // The services declared their queues on the formed cluster: a replica on each node.
            for (String queue : List.of(Topology.WORKER_QUEUE, Topology.RESULTS_QUEUE)) {
                assertThat(cluster.membersOf(RabbitServer.VHOST, queue)).as("replicas of " + queue).hasSize(3);
            }
            var run = new ChaosRun(system, accounts);
            for (ChaosScenario scenario : scenarios(cluster)) {
                System.out.println("broker-cluster: " + scenario.name() + " (" + scenario.fault() + ")");
                ChaosResult result = run.run(scenario);
                System.out.println("broker-cluster: " + result);
                results.add(result);
                system.reviveAll();
                ChaosReport.write(output, results, loadBefore, uptime());
            }
        }
        assertThat(results).as("scenarios that broke an invariant (see %s)", output.resolve("results.md"))
                .filteredOn(result -> !result.passed())
                .extracting(result -> result.scenario() + ": " + result.violations())
                .isEmpty();
    }

    private static List<ChaosScenario> scenarios(RabbitCluster cluster) {
        return List.of(
                new ChaosScenario("rabbitmq-cluster-worker-queue-leader-kill-9",
                        "kill -9 of the node leading the workers' queue with half the burst's calls (3 s each) in flight, "
                                + "back after " + NODE_DOWN.toSeconds() + " s",
                        3000, Duration.ofMillis(2500), 0.5, system -> killLeader(cluster, Topology.WORKER_QUEUE),
                        Map.of(), false, 0, 0, false),
                new ChaosScenario("rabbitmq-cluster-results-queue-leader-kill-9",
                        "kill -9 of the node leading the results queue while results arrive, back after "
                                + NODE_DOWN.toSeconds() + " s",
                        500, Duration.ofMillis(2000), 0.6, system -> killLeader(cluster, Topology.RESULTS_QUEUE),
                        Map.of(), false, 0, 0, false));
    }

    private static Instant killLeader(RabbitCluster cluster, String queue) {
        int leader = cluster.leaderOf(RabbitServer.VHOST, queue);
        cluster.kill(leader);
        System.out.println("broker-cluster: killed " + cluster.nodeName(leader) + ", leader of " + queue);
        ChaosScenarios.pause(NODE_DOWN);
        cluster.startAgain(leader);
        return Instant.now();
    }

    private static String uptime() {
        try {
            Process process = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
