package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.testsupport.DatabaseProvisioning;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Provisions the database as production does before the scheduler starts: the deployments' provisioning script
 * (a login role that is a member of {@code refresh_candidate_reader} and owns schema {@code scheduler}), then the
 * api-service's migrations (the view {@code api.refresh_candidate} and its grant to that group) applied by the
 * superuser; then points the scheduler at its role instead of the superuser.
 */
class LeastPrivilegedSchedulerRole implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String ROLE = DatabaseProvisioning.SCHEDULER_ROLE;
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
        DatabaseProvisioning.provision(postgres, "api-test-password", PASSWORD);
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:api-migration")
                .schemas("api")
                .defaultSchema("api")
                .load()
                .migrate();
        provisioned = true;
    }
}
