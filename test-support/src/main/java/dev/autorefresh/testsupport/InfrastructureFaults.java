package dev.autorefresh.testsupport;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Faults of the shared broker and database of this test JVM, for the chaos scenarios: restart and freeze
 * RabbitMQ, restart PostgreSQL, cut one role's connections. Restart and freeze need the local instances
 * ({@code AUTOREFRESH_TEST_INFRA=local}); under Testcontainers they throw {@link UnsupportedOperationException}.
 */
public final class InfrastructureFaults {

    private InfrastructureFaults() {
    }

    /** Stops and starts the broker on the same data and port; durable queues and their messages survive. */
    public static void restartBroker() {
        TestInfrastructure.localRabbit().restart();
    }

    /** Stops the broker's VM (SIGSTOP) until {@link #thawBroker()}: open connections hang instead of failing. */
    public static void freezeBroker() {
        TestInfrastructure.localRabbit().freeze();
    }

    public static void thawBroker() {
        TestInfrastructure.localRabbit().thaw();
    }

    /** Restarts PostgreSQL (fast shutdown: every session is cut, committed data stays). */
    public static void restartDatabase() {
        TestInfrastructure.localPostgres().restart();
    }

    /**
     * Terminates every session of {@code role} ({@code pg_terminate_backend}), as a failover or an idle-session
     * killer would; the pools must notice and reconnect. Works in either mode. Returns how many were cut.
     */
    public static int terminateConnections(String role) {
        PostgresServer postgres = TestInfrastructure.postgres();
        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             var statement = connection.prepareStatement(
                     "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = ?")) {
            statement.setString(1, role);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate the connections of " + role, e);
        }
    }
}
