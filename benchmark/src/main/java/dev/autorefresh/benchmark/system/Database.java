package dev.autorefresh.benchmark.system;

import dev.autorefresh.benchmark.report.Results;
import dev.autorefresh.testsupport.DatabaseProvisioning;
import dev.autorefresh.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One database of the private PostgreSQL server, provisioned with production's script (deploy/postgres/provision.sql:
 * a login role and a schema per service, the scheduler a member of {@code refresh_candidate_reader}), and the
 * superuser statements the benchmark needs around the system: bulk rows for the cost phase, and quieting accounts
 * between phases.
 */
public final class Database {

    public static final String API_ROLE = DatabaseProvisioning.API_ROLE;
    public static final String SCHEDULER_ROLE = DatabaseProvisioning.SCHEDULER_ROLE;
    public static final String API_PASSWORD = "bench-api-password";
    public static final String SCHEDULER_PASSWORD = "bench-scheduler-password";

    private final PostgresServer server;
    private final String name;

    private Database(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    /** Creates the database if missing and runs the deployments' provisioning script in it. */
    public static Database provision(PostgresServer server, String name) {
        DatabaseProvisioning.provision(server, name, API_PASSWORD, SCHEDULER_PASSWORD);
        return new Database(server, name);
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String name() {
        return name;
    }

    public Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.username(), server.password());
    }

    /**
     * Turns auto-refresh off for every account at once, so a finished phase leaves nothing due behind it. Done
     * in SQL rather than one REST call per account because it is the harness tidying up, not what it measures.
     */
    public int disableAutoRefresh() {
        try (Connection connection = superuser(); var statement = connection.createStatement()) {
            return statement.executeUpdate("UPDATE api.account SET auto_refresh_enabled = false "
                    + "WHERE auto_refresh_enabled");
        } catch (SQLException e) {
            throw new IllegalStateException("could not disable auto-refresh", e);
        }
    }

    /** When the api-service committed each successful result that replaced the window resetting at {@code reset}. */
    public List<Instant> commitTimes(Instant reset) {
        var times = new ArrayList<Instant>();
        try (Connection connection = superuser(); var statement = connection.prepareStatement(
                "SELECT recorded_at FROM api.refresh_attempt WHERE previous_reset_at = ? AND outcome = 'SUCCESS'")) {
            statement.setObject(1, OffsetDateTime.ofInstant(reset, ZoneOffset.UTC));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    times.add(rows.getObject(1, OffsetDateTime.class).toInstant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read result times", e);
        }
        return times;
    }

    /** Accounts named {@code prefix...} whose window resets after {@code reset}: a burst's progress, cheaply. */
    public long accountsPast(String prefix, Instant reset) {
        try (Connection connection = superuser(); var statement = connection.prepareStatement(
                "SELECT count(*) FROM api.account WHERE name LIKE ? AND rate_limit_reset > ?")) {
            statement.setString(1, prefix + "%");
            statement.setObject(2, OffsetDateTime.ofInstant(reset, ZoneOffset.UTC));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count moved windows", e);
        }
    }

    /** How many refresh results the api-service recorded, by outcome. */
    public Map<String, Long> attemptOutcomes() {
        var outcomes = new LinkedHashMap<String, Long>();
        try (Connection connection = superuser(); var statement = connection.createStatement();
             var rows = statement.executeQuery(
                     "SELECT outcome, count(*) FROM api.refresh_attempt GROUP BY outcome ORDER BY outcome")) {
            while (rows.next()) {
                outcomes.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count refresh attempts", e);
        }
        return outcomes;
    }

    /** What the recorded messages cost and what was not sent; null for a schema without these columns. */
    public Results.Spend spend() {
        try (Connection connection = superuser(); var statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     SELECT count(*) FILTER (WHERE input_tokens IS NOT NULL OR output_tokens IS NOT NULL),
                            coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                            count(*) FILTER (WHERE window_source = 'USAGE_CHECK'),
                            (SELECT count(*) FROM api.refresh_avoided WHERE reason = 'IN_FLIGHT')
                     FROM api.refresh_attempt""")) {
            rows.next();
            long messages = rows.getLong(1);
            long input = rows.getLong(2);
            long output = rows.getLong(3);
            return new Results.Spend(messages, input, output,
                    messages == 0 ? null : Math.round(10.0 * (input + output) / messages) / 10.0, rows.getLong(4),
                    rows.getLong(5));
        } catch (SQLException e) {
            // A system from before tokens were recorded (a baseline): nothing to report, not a failed run.
            return null;
        }
    }
}
