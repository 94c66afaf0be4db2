package dev.autorefresh.e2e;

import dev.autorefresh.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Provisions the database as production does: a login role and a schema per service. */
final class Database {

    static final String API_ROLE = "autorefresh_api";
    static final String SCHEDULER_ROLE = "autorefresh_scheduler";
    static final String API_PASSWORD = "e2e-api-password";
    static final String SCHEDULER_PASSWORD = "e2e-scheduler-password";

    private Database() {
    }

    static void provision(PostgresServer postgres) {
        try (Connection connection = superuser(postgres); var statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autorefresh_api') THEN
                        CREATE ROLE autorefresh_api LOGIN PASSWORD '%s';
                      END IF;
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'autorefresh_scheduler') THEN
                        CREATE ROLE autorefresh_scheduler LOGIN PASSWORD '%s';
                      END IF;
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'refresh_candidate_reader') THEN
                        CREATE ROLE refresh_candidate_reader NOLOGIN;
                      END IF;
                    END
                    $$""".formatted(API_PASSWORD, SCHEDULER_PASSWORD));
            statement.execute("GRANT refresh_candidate_reader TO autorefresh_scheduler");
            statement.execute("CREATE SCHEMA IF NOT EXISTS api AUTHORIZATION autorefresh_api");
            statement.execute("CREATE SCHEMA IF NOT EXISTS scheduler AUTHORIZATION autorefresh_scheduler");
        } catch (SQLException e) {
            throw new IllegalStateException("could not provision the database", e);
        }
    }

    static Connection superuser(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
