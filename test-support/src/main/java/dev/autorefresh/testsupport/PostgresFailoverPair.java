package dev.autorefresh.testsupport;

/**
 * A private primary and its streaming hot standby on this machine, for showing that a service follows a failover:
 * {@link #jdbcUrl(String)} names both hosts, standby first, with {@code targetServerType=primary}, as the
 * deployment guide (docs/kubernetes.md) recommends for a database with several hosts.
 */
public final class PostgresFailoverPair implements AutoCloseable {

    private final LocalPostgres primary;
    private final LocalPostgres standby;

    private PostgresFailoverPair(LocalPostgres primary, LocalPostgres standby) {
        this.primary = primary;
        this.standby = standby;
    }

    public static PostgresFailoverPair start() {
        var binaries = LocalPostgres.findBinaries().orElseThrow(() -> new InfrastructureUnavailable(
                "PostgreSQL binaries (initdb, pg_ctl, pg_basebackup) not found under /usr/lib/postgresql/*/bin or $PG_BIN."));
        LocalPostgres primary = LocalPostgres.start(binaries);
        LocalPostgres standby;
        try {
            standby = LocalPostgres.standbyOf(primary);
        } catch (RuntimeException e) {
            primary.stop();
            throw e;
        }
        var pair = new PostgresFailoverPair(primary, standby);
        Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "stop-postgres-pair"));
        return pair;
    }

    /** The primary at the start, with its superuser: provision roles and data here (the standby follows). */
    public PostgresServer primary() {
        return primary.server();
    }

    public PostgresServer standby() {
        return standby.server();
    }

    /** Both hosts, standby first: only {@code targetServerType=primary} finds the one that accepts writes. */
    public String jdbcUrl(String parameters) {
        return "jdbc:postgresql://127.0.0.1:" + standby.server().port() + ",127.0.0.1:" + primary.server().port() + "/"
                + primary.server().database() + "?targetServerType=primary" + (parameters.isEmpty() ? "" : "&" + parameters);
    }

    /** The primary dies at once; the standby is promoted and accepts writes. */
    public void failover() {
        primary.crash();
        standby.promote();
    }

    @Override
    public synchronized void close() {
        standby.stop();
        primary.stop();
    }
}
