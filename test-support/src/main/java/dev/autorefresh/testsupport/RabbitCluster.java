package dev.autorefresh.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Private RabbitMQ nodes on this machine joined into one cluster: one epmd, one Erlang cookie, each node with its
 * own name, ports and data directory. The first node is provisioned like every broker of the tests
 * (deploy/rabbitmq/provision.sh); users, permissions and virtual hosts are cluster-wide.
 */
public final class RabbitCluster implements AutoCloseable {

    private final List<LocalRabbit> nodes;
    private final boolean[] running;
    private boolean closed;

    private RabbitCluster(List<LocalRabbit> nodes) {
        this.nodes = nodes;
        this.running = new boolean[nodes.size()];
        Arrays.fill(running, true);
    }

    /** Starts {@code size} nodes and joins them to the first (about 15 s for three). */
    public static RabbitCluster start(int size) {
        LocalRabbit.findBinaries().orElseThrow(() -> new InfrastructureUnavailable(
                "RabbitMQ not found at /usr/lib/rabbitmq/bin/rabbitmq-server (or $RABBITMQ_BIN)."));
        int epmdPort = Processes.freePort();
        byte[] secret = new byte[20];
        ThreadLocalRandom.current().nextBytes(secret);
        String cookie = HexFormat.of().formatHex(secret).toUpperCase(java.util.Locale.ROOT);
        LocalRabbit first = LocalRabbit.start(epmdPort, cookie, true);
        var nodes = new ArrayList<LocalRabbit>(List.of(first));
        try {
            var others = new ArrayList<CompletableFuture<LocalRabbit>>();
            for (int i = 1; i < size; i++) {
                others.add(CompletableFuture.supplyAsync(() -> LocalRabbit.start(epmdPort, cookie, false)));
            }
            for (var other : others) {
                LocalRabbit node = other.join();
                nodes.add(node);
                node.join(first);
            }
        } catch (RuntimeException e) {
            new RabbitCluster(nodes).close();
            throw e;
        }
        var cluster = new RabbitCluster(List.copyOf(nodes));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-rabbitmq-cluster"));
        return cluster;
    }

    public int size() {
        return nodes.size();
    }

    /** The first node, with the administrator's login; the services log in as their own users. */
    public RabbitServer server() {
        return nodes.getFirst().server();
    }

    /** {@code host:port} of every node, comma-separated: the value of {@code spring.rabbitmq.addresses}. */
    public String addresses() {
        return nodes.stream().map(node -> node.server().host() + ":" + node.server().port()).collect(Collectors.joining(","));
    }

    public String nodeName(int index) {
        return nodes.get(index).nodeName();
    }

    /** The index of the node leading the quorum queue {@code queue} of {@code vhost}, asked of a running node. */
    public synchronized int leaderOf(String vhost, String queue) {
        String leader = queueInfo(vhost, queue, "leader").orElseThrow(() -> new IllegalStateException(
                "no queue " + queue + " on vhost " + vhost));
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).nodeName().equals(leader)) {
                return i;
            }
        }
        throw new IllegalStateException("queue " + queue + " is led by an unknown node " + leader);
    }

    /** The nodes holding a replica of the quorum queue {@code queue}. */
    public synchronized List<String> membersOf(String vhost, String queue) {
        String members = queueInfo(vhost, queue, "members").orElseThrow(() -> new IllegalStateException(
                "no queue " + queue + " on vhost " + vhost));
        return Arrays.stream(members.replaceAll("[\\[\\]'\"]", "").split(",")).map(String::strip)
                .filter(member -> !member.isEmpty()).toList();
    }

    /** kill -9 of one node's Erlang VM. */
    public synchronized void kill(int index) {
        nodes.get(index).kill();
        running[index] = false;
    }

    /** Starts a killed node again on its data; returns once it runs and has rejoined the cluster. */
    public synchronized void startAgain(int index) {
        nodes.get(index).startAgain();
        running[index] = true;
        nodes.get(index).ctl("await_startup");
    }

    private Optional<String> queueInfo(String vhost, String queue, String item) {
        String output = runningNode().ctl("-q", "list_queues", "-p", vhost, "name", item, "--no-table-headers");
        return output.lines().map(line -> line.split("\t", 2)).filter(columns -> columns.length == 2)
                .filter(columns -> columns[0].equals(queue)).map(columns -> columns[1].strip()).findFirst();
    }

    private LocalRabbit runningNode() {
        for (int i = 0; i < nodes.size(); i++) {
            if (running[i]) {
                return nodes.get(i);
            }
        }
        throw new IllegalStateException("no node of the cluster is running");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The last node stopped takes the shared epmd with it.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop(i == 0);
            running[i] = false;
        }
    }
}
