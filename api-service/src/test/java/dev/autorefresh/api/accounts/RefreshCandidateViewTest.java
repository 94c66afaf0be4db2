package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.testsupport.DatabaseProvisioning;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The schema the migrations leave, as the scheduler sees it: through its login role, a member of
 * {@code refresh_candidate_reader} as the deployments' provisioning script makes it, connected with plain JDBC,
 * reading the view and nothing else.
 */
@ApiTest
class RefreshCandidateViewTest {

    private static final String SCHEDULER_PASSWORD = "scheduler-pw";
    static final String DUE_QUERY = "select * from api.refresh_candidate where next_refresh_at <= now()"
            + " order by next_refresh_at limit 100";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
        DatabaseProvisioning.provision(TestInfrastructure.postgres(), "api-pw", SCHEDULER_PASSWORD);
    }

    @Test
    void migrationsCreateTheAccountSchemaOnce() {
        assertThat(jdbc.queryForList("select version from api.flyway_schema_history where version is not null",
                String.class)).contains("1").doesNotHaveDuplicates();
        assertThat(jdbc.queryForObject("select count(*) from api.flyway_schema_history where not success", Long.class))
                .isZero();
        assertThat(jdbc.queryForList("select to_regclass(name)::text from unnest(array['api.account',"
                + " 'api.refresh_attempt', 'api.refresh_candidate', 'api.account_due_idx']) as name", String.class))
                .containsExactly("api.account", "api.refresh_attempt", "api.refresh_candidate", "api.account_due_idx");
        assertThat(jdbc.queryForObject("select rolcanlogin from pg_roles where rolname = 'refresh_candidate_reader'",
                Boolean.class)).isFalse();
    }

    @Test
    void theViewShowsExactlyTheAccountsThatMayBeRefreshed() throws SQLException {
        enabled("eligible");
        enabled("paused-by-failures");
        jdbc.update("update api.account set paused = true, pause_reason = 'failure_threshold', consecutive_failures = 5"
                + " where name = 'paused-by-failures'");
        api.createWithApiKey("auto-refresh-off");
        String paused = enabled("paused-by-a-person");
        api.post("/api/accounts/" + paused + "/pause", null);
        enabled("needs-reauth");
        jdbc.update("update api.account set requires_reauth = true where name = 'needs-reauth'");
        api.create("{\"name\": \"openai\", \"provider\": \"openai\", \"apiKey\": \"k\"}");
        jdbc.update("update api.account set auto_refresh_enabled = true where name = 'openai'");
        enabled("never-due");
        jdbc.update("update api.account set next_refresh_at = null where name = 'never-due'");

        try (Connection scheduler = connectAsScheduler()) {
            List<String> names = new ArrayList<>();
            try (var rows = scheduler.createStatement().executeQuery("select * from api.refresh_candidate order by name")) {
                assertThat(columns(rows)).containsExactly("id", "name", "rate_limit_reset", "next_refresh_at");
                while (rows.next()) {
                    names.add(rows.getString("name"));
                }
            }
            assertThat(names).containsExactly("eligible", "paused-by-failures");
        }
    }

    @Test
    void theSchedulersRoleIsRefusedEverythingButTheView() throws SQLException {
        enabled("eligible");

        try (Connection scheduler = connectAsScheduler()) {
            try (var rows = scheduler.createStatement().executeQuery(DUE_QUERY)) {
                assertThat(rows.next()).isTrue();
            }
            for (String sql : List.of("select * from api.account", "select id, name from api.account",
                    "select access_token from api.account", "select refresh_token from api.account",
                    "select api_key from api.account", "select * from api.refresh_attempt",
                    "update api.refresh_candidate set next_refresh_at = now()",
                    "delete from api.refresh_candidate", "update api.account set paused = true")) {
                assertThatThrownBy(() -> scheduler.createStatement().execute(sql)).as(sql)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied")
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from api.account where paused", Long.class)).isZero();
    }

    @Test
    void findingDueAccountsUsesThePartialIndexWhateverTheNumberOfAccounts() throws SQLException {
        // 20 000 accounts, one in fifty eligible: the due query must not read the other 19 600.
        jdbc.update("""
                insert into api.account (id, name, api_key, auto_refresh_enabled, next_refresh_at)
                select gen_random_uuid(), 'bulk-' || g, 'k', g % 50 = 0, now() - make_interval(secs => g)
                from generate_series(1, 20000) as g
                """);
        jdbc.execute("analyze api.account");

        try (Connection scheduler = connectAsScheduler()) {
            List<String> plan = new ArrayList<>();
            try (var rows = scheduler.createStatement().executeQuery("explain " + DUE_QUERY)) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
            assertThat(String.join("\n", plan)).contains("account_due_idx").doesNotContain("Seq Scan");
            try (var rows = scheduler.createStatement().executeQuery(DUE_QUERY)) {
                int count = 0;
                while (rows.next()) {
                    count++;
                }
                assertThat(count).isEqualTo(100);
            }
        }
    }

    private String enabled(String name) {
        String id = api.createWithApiKey(name);
        assertThat(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}").status()).isEqualTo(200);
        return id;
    }

    private Connection connectAsScheduler() throws SQLException {
        return DriverManager.getConnection(TestInfrastructure.postgres().jdbcUrl(),
                DatabaseProvisioning.SCHEDULER_ROLE, SCHEDULER_PASSWORD);
    }

    private static List<String> columns(ResultSet rows) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
            names.add(rows.getMetaData().getColumnName(i));
        }
        return names;
    }
}
