package dev.autorefresh.testsupport;

/** A running PostgreSQL reachable on loopback, with a superuser and a database for the tests. */
public record PostgresServer(String host, int port, String database, String username, String password) {

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
    }
}
