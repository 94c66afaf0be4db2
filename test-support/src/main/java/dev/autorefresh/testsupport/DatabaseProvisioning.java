package dev.autorefresh.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Provisions a test database with the deployments' own script, {@code deploy/postgres/provision.sql}: the
 * login role and schema of each service, least privilege. Compose's init script and {@code scripts/local} run
 * the same file with psql; here it runs over JDBC as the superuser, so Testcontainers and local servers alike
 * get it without a psql binary.
 *
 * <p>The build copies the script onto test-support's classpath (see its pom): tests and the benchmark find it
 * wherever they run from, and a change to the script reaches the tests on the next build.
 */
public final class DatabaseProvisioning {

    public static final String API_ROLE = "autorefresh_api";
    public static final String SCHEDULER_ROLE = "autorefresh_scheduler";
    static final String SCRIPT = "deploy/postgres/provision.sql";

    /** psql's {@code :'name'} (a literal) and {@code :"name"} (an identifier), the two forms the script uses. */
    private static final Pattern VARIABLE = Pattern.compile(":(['\"])([A-Za-z_][A-Za-z0-9_]*)\\1");

    private DatabaseProvisioning() {
    }

    /** Runs the script in {@code database} (created first if missing), giving the two login roles these passwords. */
    public static void provision(PostgresServer server, String database, String apiPassword, String schedulerPassword) {
        createDatabaseIfMissing(server, database);
        String sql = substitute(script(), Map.of("api_password", apiPassword, "scheduler_password", schedulerPassword,
                "DBNAME", database));
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), server.username(),
                server.password()); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + SCRIPT + " in database " + database, e);
        }
    }

    /** The test server's own database ({@link PostgresServer#database()}). */
    public static void provision(PostgresServer server, String apiPassword, String schedulerPassword) {
        provision(server, server.database(), apiPassword, schedulerPassword);
    }

    private static void createDatabaseIfMissing(PostgresServer server, String database) {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(),
                server.password()); var exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (!rows.next()) {
                    admin.createStatement().execute("CREATE DATABASE " + identifier(database));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database, e);
        }
    }

    static String script() {
        try (InputStream in = DatabaseProvisioning.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the classpath: test-support's build copies it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What psql does with {@code -v name=value}; comment lines are left out so only statements are read. */
    static String substitute(String script, Map<String, String> variables) {
        String statements = script.lines().filter(line -> !line.stripLeading().startsWith("--"))
                .collect(Collectors.joining("\n"));
        Matcher matcher = VARIABLE.matcher(statements);
        var result = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(2));
            if (value == null) {
                throw new IllegalStateException(SCRIPT + " uses :" + matcher.group(1) + matcher.group(2)
                        + matcher.group(1) + ", which the tests do not set");
            }
            String quoted = matcher.group(1).equals("'") ? "'" + value.replace("'", "''") + "'" : identifier(value);
            matcher.appendReplacement(result, Matcher.quoteReplacement(quoted));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
