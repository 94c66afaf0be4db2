package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three local nodes form one cluster: a quorum queue gets a replica on each, keeps every confirmed message when its
 * leader is killed with -9, and the killed node comes back as a member.
 */
class RabbitClusterTest {

    private static final String QUEUE = "test-support.cluster";
    private static RabbitCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RabbitCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aQuorumQueueSurvivesItsLeaderKilledAndTheNodeRejoins() throws Exception {
        var factory = new ConnectionFactory();
        factory.setVirtualHost(RabbitServer.VHOST);
        factory.setUsername(cluster.server().username());
        factory.setPassword(cluster.server().password());
        Address[] addresses = Address.parseAddresses(cluster.addresses());
        assertThat(addresses).hasSize(3);

        try (var connection = factory.newConnection(addresses); var channel = connection.createChannel()) {
            channel.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.confirmSelect();
            for (int i = 0; i < 100; i++) {
                channel.basicPublish("", QUEUE, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
        }
        // Declared on a formed cluster without x-quorum-initial-group-size: a replica on every node.
        assertThat(cluster.membersOf(RabbitServer.VHOST, QUEUE))
                .containsExactlyInAnyOrder(cluster.nodeName(0), cluster.nodeName(1), cluster.nodeName(2));

        int leader = cluster.leaderOf(RabbitServer.VHOST, QUEUE);
        cluster.kill(leader);

        // A new leader among the two left; every confirmed message is there, once.
        Set<String> received = new HashSet<>();
        try (var connection = factory.newConnection(addresses); var channel = connection.createChannel()) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                var message = channel.basicGet(QUEUE, true);
                if (message != null) {
                    received.add(new String(message.getBody(), StandardCharsets.UTF_8));
                }
                return received.size() == 100;
            });
            assertThat(channel.messageCount(QUEUE)).isZero();
        }
        assertThat(cluster.leaderOf(RabbitServer.VHOST, QUEUE)).isNotEqualTo(leader);

        cluster.startAgain(leader);
        assertThat(cluster.membersOf(RabbitServer.VHOST, QUEUE)).contains(cluster.nodeName(leader));
        try (var connection = factory.newConnection(new Address[] {addresses[leader]})) {
            assertThat(connection.isOpen()).isTrue();
        }
    }
}
