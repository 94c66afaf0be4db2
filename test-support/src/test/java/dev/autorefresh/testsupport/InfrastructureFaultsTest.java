package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.ConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The broker and database faults act on the real local instances: the port stops answering, data survives. */
class InfrastructureFaultsTest {

    @Test
    void aFrozenBrokerAnswersNoHandshakeUntilThawed() throws Exception {
        var factory = factory();
        try (var connection = factory.newConnection()) {
            assertThat(connection.isOpen()).isTrue();
        }

        InfrastructureFaults.freezeBroker();
        try {
            assertThatThrownBy(factory::newConnection).isInstanceOf(Exception.class);
        } finally {
            InfrastructureFaults.thawBroker();
        }

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (var connection = factory.newConnection()) {
                return connection.isOpen();
            }
        });
    }

    @Test
    void aRestartedBrokerKeepsItsDurableMessagesAndDropsItsConnections() throws Exception {
        var factory = factory();
        var before = factory.newConnection();
        try (var channel = before.createChannel()) {
            channel.queueDeclare("test-support.restart", true, false, false, Map.of("x-queue-type", "quorum"));
            channel.confirmSelect();
            channel.basicPublish("", "test-support.restart",
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder().deliveryMode(2).build(), "kept".getBytes());
            channel.waitForConfirmsOrDie(5_000);
        }

        InfrastructureFaults.restartBroker();

        assertThat(before.isOpen()).isFalse();
        try (var after = factory.newConnection(); var channel = after.createChannel()) {
            var message = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> channel.basicGet("test-support.restart", true), Objects::nonNull);
            assertThat(new String(message.getBody())).isEqualTo("kept");
        }
    }

    @Test
    void aRestartedDatabaseCutsSessionsAndKeepsCommittedRows() throws Exception {
        PostgresServer postgres = TestInfrastructure.postgres();
        try (Connection before = superuser(postgres)) {
            before.createStatement().execute("CREATE TABLE IF NOT EXISTS restart_probe (v int); INSERT INTO restart_probe VALUES (7)");

            InfrastructureFaults.restartDatabase();

            assertThatThrownBy(() -> before.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        try (Connection after = superuser(postgres);
             var result = after.createStatement().executeQuery("SELECT count(*) FROM restart_probe WHERE v = 7")) {
            result.next();
            assertThat(result.getInt(1)).isPositive();
        }
    }

    @Test
    void terminatingARoleCutsItsSessionsOnly() throws Exception {
        PostgresServer postgres = TestInfrastructure.postgres();
        try (Connection admin = superuser(postgres)) {
            admin.createStatement().execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fault_probe') THEN
                        CREATE ROLE fault_probe LOGIN PASSWORD 'probe';
                      END IF;
                    END $$""");
            try (Connection victim = DriverManager.getConnection(postgres.jdbcUrl(), "fault_probe", "probe")) {
                victim.createStatement().execute("SELECT 1");

                assertThat(InfrastructureFaults.terminateConnections("fault_probe")).isEqualTo(1);

                assertThatThrownBy(() -> victim.createStatement().execute("SELECT 1")).isInstanceOf(SQLException.class);
                admin.createStatement().execute("SELECT 1");
            }
        }
    }

    private static Connection superuser(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    private static ConnectionFactory factory() {
        RabbitServer rabbit = TestInfrastructure.rabbit();
        var factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());
        factory.setConnectionTimeout(1_000);
        factory.setHandshakeTimeout(1_000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}
