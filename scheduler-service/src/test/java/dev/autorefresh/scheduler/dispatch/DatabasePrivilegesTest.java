package dev.autorefresh.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The scheduler runs as a role that sees the candidate view and its own schema, and no secret. */
@SchedulerIntegrationTest
class DatabasePrivilegesTest {

    private final JdbcTemplate jdbc;

    @Autowired
    DatabasePrivilegesTest(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Test
    void connectsAsTheLeastPrivilegedRoleNotTheSuperuser() {
        assertThat(jdbc.queryForObject("SELECT current_user", String.class))
                .isEqualTo(LeastPrivilegedSchedulerRole.ROLE);
        assertThat(jdbc.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class))
                .isFalse();
    }

    @Test
    void cannotReadTheAccountTable() {
        assertThatThrownBy(() -> jdbc.queryForList("SELECT api_key, access_token FROM api.account"))
                .isInstanceOf(DataAccessException.class)
                .satisfies(DatabasePrivilegesTest::isInsufficientPrivilege)
                .rootCause().hasMessageContaining("permission denied for table account");
    }

    @Test
    void cannotWriteTheAccountTable() {
        assertThatThrownBy(() -> jdbc.update("UPDATE api.account SET paused = true"))
                .isInstanceOf(DataAccessException.class)
                .satisfies(DatabasePrivilegesTest::isInsufficientPrivilege)
                .rootCause().hasMessageContaining("permission denied for table account");
    }

    private static void isInsufficientPrivilege(Throwable error) {
        assertThat(error.getCause()).isInstanceOfSatisfying(SQLException.class,
                cause -> assertThat(cause.getSQLState()).isEqualTo("42501"));
    }

    @Test
    void readsTheCandidateViewAndOwnsItsSchema() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api.refresh_candidate", Integer.class)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'scheduler'",
                String.class)).isEqualTo(LeastPrivilegedSchedulerRole.ROLE);
        assertThat(jdbc.queryForObject("SELECT tableowner FROM pg_tables WHERE schemaname = 'scheduler' AND tablename = 'dispatch'",
                String.class)).isEqualTo(LeastPrivilegedSchedulerRole.ROLE);
    }
}
