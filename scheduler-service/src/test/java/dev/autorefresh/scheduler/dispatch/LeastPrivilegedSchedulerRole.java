package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Provisions the database as production does before the scheduler starts: the api-service's migrations (the
 * view {@code api.refresh_candidate} and the group role {@code refresh_candidate_reader}) applied by the
 * superuser, a login role that is a member of that group and owns schema {@code scheduler}; then points the
 * scheduler at that role instead of the superuser.
 */
class LeastPrivilegedSchedulerRole implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String ROLE = "autorefresh_scheduler";
    private static final String PASSWORD = "scheduler-test-password";

    private static boolean provisioned;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        provision();
        TestPropertyValues.of(
                "spring.datasource.username=" + ROLE,
                "spring.datasource.password=" + PASSWORD)
                .applyTo(context);
    }

    static JdbcTemplate superuser() {
        PostgresServer postgres = TestInfrastructure.postgres();
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    }

    private static synchronized void provision() {
        if (provisioned) {
            return;
        }
        PostgresServer postgres = TestInfrastructure.postgres();
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:api-migration")
                .schemas("api")
                .defaultSchema("api")
                .load()
                .migrate();
        JdbcTemplate superuser = superuser();
        superuser.execute("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') THEN
                        CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE refresh_candidate_reader;
                    END IF;
                END
                $$""".formatted(ROLE, ROLE, PASSWORD));
        superuser.execute("CREATE SCHEMA IF NOT EXISTS scheduler AUTHORIZATION " + ROLE);
        provisioned = true;
    }
}
