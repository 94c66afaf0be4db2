package dev.autorefresh.e2e;

import dev.autorefresh.testsupport.DatabaseProvisioning;
import dev.autorefresh.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Provisions the database as production does: a login role and a schema per service. */
final class Database {

    static final String API_ROLE = DatabaseProvisioning.API_ROLE;
    static final String SCHEDULER_ROLE = DatabaseProvisioning.SCHEDULER_ROLE;
    static final String API_PASSWORD = "e2e-api-password";
    static final String SCHEDULER_PASSWORD = "e2e-scheduler-password";

    private Database() {
    }

    /** The deployments' provisioning script (deploy/postgres/provision.sql), with the e2e passwords. */
    static void provision(PostgresServer postgres) {
        DatabaseProvisioning.provision(postgres, API_PASSWORD, SCHEDULER_PASSWORD);
    }

    static Connection superuser(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
