package dev.autorefresh.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The real PostgreSQL and RabbitMQ of this test JVM: started on first use, shared by every test of the JVM,
 * stopped when it exits.
 *
 * <p>{@code AUTOREFRESH_TEST_INFRA} chooses how: {@code local} starts private instances from the installed
 * binaries; {@code testcontainers} runs containers. Unset, it prefers local binaries when both are installed
 * (a Docker engine that answers may still be unable to pull an image), then Docker. If neither works, the
 * test fails and says what to install: an integration test is never skipped.
 */
public final class TestInfrastructure {

    public static final String MODE_VARIABLE = "AUTOREFRESH_TEST_INFRA";
    /**
     * How many local RabbitMQ nodes, joined into one cluster, form the broker (default 1). Above 1 the services
     * are given every node's address ({@link #rabbitAddresses()}) and {@link #rabbitCluster()} injects node faults.
     */
    public static final String RABBIT_NODES_VARIABLE = "AUTOREFRESH_TEST_RABBIT_NODES";

    private static PostgresServer postgres;
    private static RabbitServer rabbit;
    /** The local instances behind the servers above, for fault injection; null in Testcontainers mode. */
    private static LocalPostgres localPostgres;
    private static LocalRabbit localRabbit;
    private static RabbitCluster rabbitCluster;

    private TestInfrastructure() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = switch (mode()) {
                case "local" -> startLocalPostgres();
                case "testcontainers" -> startContainerPostgres();
                default -> throw new IllegalStateException();
            };
        }
        return postgres;
    }

    public static synchronized RabbitServer rabbit() {
        if (rabbit == null) {
            rabbit = switch (mode()) {
                case "local" -> rabbitNodes() > 1 ? startLocalRabbitCluster() : startLocalRabbit();
                case "testcontainers" -> startContainerRabbit();
                default -> throw new IllegalStateException();
            };
        }
        return rabbit;
    }

    /** Every broker node as {@code host:port,...}: the value of {@code spring.rabbitmq.addresses}. */
    public static synchronized String rabbitAddresses() {
        RabbitServer server = rabbit();
        return rabbitCluster != null ? rabbitCluster.addresses() : server.host() + ":" + server.port();
    }

    /** The cluster behind {@link #rabbit()} when {@value #RABBIT_NODES_VARIABLE} asked for more than one node. */
    public static synchronized RabbitCluster rabbitCluster() {
        rabbit();
        if (rabbitCluster == null) {
            throw new UnsupportedOperationException("a RabbitMQ cluster needs " + MODE_VARIABLE + "=local and "
                    + RABBIT_NODES_VARIABLE + "=3 (or more)");
        }
        return rabbitCluster;
    }

    static int rabbitNodes() {
        String configured = System.getenv(RABBIT_NODES_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(RABBIT_NODES_VARIABLE.toLowerCase(Locale.ROOT).replace('_', '.'), "1");
        }
        try {
            int nodes = Integer.parseInt(configured.trim());
            if (nodes < 1) {
                throw new NumberFormatException();
            }
            return nodes;
        } catch (NumberFormatException e) {
            throw new InfrastructureUnavailable(RABBIT_NODES_VARIABLE + "=" + configured + " is not a number of nodes.");
        }
    }

    static String mode() {
        String configured = System.getenv(MODE_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(MODE_VARIABLE.toLowerCase(Locale.ROOT).replace('_', '.'), "");
        }
        configured = configured.trim().toLowerCase(Locale.ROOT);
        if (configured.equals("local") || configured.equals("testcontainers")) {
            return configured;
        }
        if (!configured.isEmpty()) {
            throw new InfrastructureUnavailable(MODE_VARIABLE + "=" + configured + " is neither 'local' nor 'testcontainers'.");
        }
        if (LocalPostgres.findBinaries().isPresent() && LocalRabbit.findBinaries().isPresent()) {
            return "local";
        }
        if (dockerAvailable()) {
            return "testcontainers";
        }
        throw new InfrastructureUnavailable("Neither local PostgreSQL and RabbitMQ binaries nor a Docker engine were found.");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static PostgresServer startLocalPostgres() {
        var binaries = LocalPostgres.findBinaries().orElseThrow(() -> new InfrastructureUnavailable(
                "PostgreSQL binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin or $PG_BIN."));
        LocalPostgres local = LocalPostgres.start(binaries);
        localPostgres = local;
        Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "stop-local-postgres"));
        return local.server();
    }

    private static RabbitServer startLocalRabbit() {
        LocalRabbit.findBinaries().orElseThrow(() -> new InfrastructureUnavailable(
                "RabbitMQ not found at /usr/lib/rabbitmq/bin/rabbitmq-server (or $RABBITMQ_BIN)."));
        LocalRabbit local = LocalRabbit.start();
        localRabbit = local;
        Runtime.getRuntime().addShutdownHook(new Thread(local::stop, "stop-local-rabbitmq"));
        return local.server();
    }

    private static RabbitServer startLocalRabbitCluster() {
        // RabbitCluster.start registers its own shutdown hook.
        rabbitCluster = RabbitCluster.start(rabbitNodes());
        return rabbitCluster.server();
    }

    static synchronized LocalPostgres localPostgres() {
        postgres();
        if (localPostgres == null) {
            throw new UnsupportedOperationException("restarting PostgreSQL needs " + MODE_VARIABLE
                    + "=local; Testcontainers mode offers no such fault");
        }
        return localPostgres;
    }

    static synchronized LocalRabbit localRabbit() {
        rabbit();
        if (localRabbit == null) {
            throw new UnsupportedOperationException("restarting or freezing RabbitMQ needs " + MODE_VARIABLE
                    + "=local; Testcontainers mode offers no such fault");
        }
        return localRabbit;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static PostgresServer startContainerPostgres() {
        try {
            var container = new PostgreSQLContainer("postgres:17-alpine")
                    .withDatabaseName(LocalPostgres.DATABASE)
                    .withUsername("postgres")
                    .withPassword("postgres");
            container.start();
            return new PostgresServer(container.getHost(), container.getMappedPort(5432), LocalPostgres.DATABASE,
                    container.getUsername(), container.getPassword());
        } catch (RuntimeException e) {
            throw new InfrastructureUnavailable("Testcontainers could not start PostgreSQL.", e);
        }
    }

    /**
     * The broker version compose runs too, pinned to a patch release: a floating tag would change what the tests
     * prove without a commit (4.3 changed which negative acknowledgement counts toward the delivery limit).
     */
    static final String RABBITMQ_IMAGE = "rabbitmq:4.3.4-management";

    @SuppressWarnings("resource")
    private static RabbitServer startContainerRabbit() {
        try {
            var container = new RabbitMQContainer(RABBITMQ_IMAGE)
                    .withCopyFileToContainer(MountableFile.forHostPath(BrokerProvisioning.script()), "/tmp/provision.sh");
            container.start();
            var command = new ArrayList<String>(List.of("env"));
            BrokerProvisioning.environment(container.getAdminUsername())
                    .forEach((name, value) -> command.add(name + "=" + value));
            command.addAll(List.of("sh", "/tmp/provision.sh"));
            var provisioned = container.execInContainer(command.toArray(String[]::new));
            if (provisioned.getExitCode() != 0) {
                throw new InfrastructureUnavailable("provisioning the RabbitMQ container failed: " + provisioned.getStderr());
            }
            return new RabbitServer(container.getHost(), container.getAmqpPort(), container.getAdminUsername(),
                    container.getAdminPassword());
        } catch (RuntimeException | java.io.IOException e) {
            throw new InfrastructureUnavailable("Testcontainers could not start RabbitMQ.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureUnavailable("Testcontainers could not start RabbitMQ.", e);
        }
    }
}
