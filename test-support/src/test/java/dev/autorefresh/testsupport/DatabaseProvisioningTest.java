package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deployments' provisioning script, run against the test PostgreSQL in a database of its own. */
class DatabaseProvisioningTest {

    private static final String DATABASE = "provisioning_check";

    @Test
    void theScriptCreatesEachServicesLoginRoleAndSchemaWithThePasswordsGiven() throws SQLException {
        PostgresServer postgres = TestInfrastructure.postgres();
        DatabaseProvisioning.provision(postgres, DATABASE, "api-pw", "scheduler-pw");

        try (Connection api = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), "autorefresh_api", "api-pw");
             var rows = api.createStatement().executeQuery("select nspowner::regrole::text from pg_namespace"
                     + " where nspname = 'api'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("autorefresh_api");
        }
        try (Connection scheduler = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), "autorefresh_scheduler",
                "scheduler-pw"); var rows = scheduler.createStatement().executeQuery(
                        "select pg_has_role('refresh_candidate_reader', 'MEMBER'), has_schema_privilege('api', 'USAGE')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).as("member of refresh_candidate_reader").isTrue();
            assertThat(rows.getBoolean(2)).as("no use of schema api before the api's migration grants it").isFalse();
        }
        try (Connection superuser = superuser(postgres); var rows = superuser.createStatement().executeQuery("""
                select has_database_privilege('autorefresh_api', current_database(), 'CONNECT'),
                       has_database_privilege('refresh_candidate_reader', current_database(), 'CONNECT'),
                       (select rolcanlogin from pg_roles where rolname = 'refresh_candidate_reader')""")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getBoolean(1)).isTrue();
            assertThat(rows.getBoolean(2)).as("only the login roles may connect").isFalse();
            assertThat(rows.getBoolean(3)).isFalse();
        }
    }

    @Test
    void runningItAgainKeepsEverythingAndSetsTheNewPasswords() throws SQLException {
        PostgresServer postgres = TestInfrastructure.postgres();
        DatabaseProvisioning.provision(postgres, DATABASE, "api-pw", "scheduler-pw");
        Map<String, String> before = passwordHashes(postgres);
        DatabaseProvisioning.provision(postgres, DATABASE, "api-pw-2", "scheduler-pw-2");

        // The local test server trusts every connection, so the passwords are checked as PostgreSQL stores them.
        Map<String, String> after = passwordHashes(postgres);
        assertThat(after.keySet()).containsExactlyInAnyOrder("autorefresh_api", "autorefresh_scheduler");
        assertThat(after.values()).allSatisfy(hash -> assertThat(hash).startsWith("SCRAM-SHA-256$"));
        assertThat(after.get("autorefresh_api")).isNotEqualTo(before.get("autorefresh_api"));
        assertThat(after.get("autorefresh_scheduler")).isNotEqualTo(before.get("autorefresh_scheduler"));
        try (Connection superuser = superuser(postgres); var rows = superuser.createStatement().executeQuery(
                "select count(*) from pg_namespace where nspname in ('api', 'scheduler')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    private static Map<String, String> passwordHashes(PostgresServer postgres) throws SQLException {
        var hashes = new java.util.HashMap<String, String>();
        try (Connection superuser = superuser(postgres); var rows = superuser.createStatement().executeQuery(
                "select rolname, rolpassword from pg_authid where rolname like 'autorefresh%' and rolcanlogin")) {
            while (rows.next()) {
                hashes.put(rows.getString(1), rows.getString(2));
            }
        }
        return hashes;
    }

    private static Connection superuser(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password());
    }

    @Test
    void passwordsAreQuotedAsPsqlQuotesThemSoAQuoteCannotEndTheStatement() {
        String sql = DatabaseProvisioning.substitute("ALTER ROLE a PASSWORD :'api_password';\nREVOKE ALL ON DATABASE"
                + " :\"DBNAME\" FROM PUBLIC;", Map.of("api_password", "it's", "DBNAME", "odd\"name"));

        assertThat(sql).isEqualTo("ALTER ROLE a PASSWORD 'it''s';\nREVOKE ALL ON DATABASE \"odd\"\"name\" FROM PUBLIC;");
    }

    @Test
    void aVariableTheTestsDoNotSetFailsInsteadOfReachingTheServer() {
        assertThatThrownBy(() -> DatabaseProvisioning.substitute("ALTER ROLE a PASSWORD :'other';", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(":'other'");
    }

    @Test
    void theScriptOnTheClasspathIsTheOneUnderDeploy() throws Exception {
        String inRepository = java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/postgres/provision.sql"));

        assertThat(DatabaseProvisioning.script()).isEqualTo(inRepository);
    }
}
