package dev.autorefresh.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A private PostgreSQL cluster in a temp directory, on a free port, owned by this JVM. */
final class LocalPostgres {

    static final String DATABASE = "autorefresh";
    private static final String SUPERUSER = "postgres";

    private final Path directory;
    private final Path binaries;
    private final int port;

    private LocalPostgres(Path directory, Path binaries, int port) {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
    }

    static Optional<Path> findBinaries() {
        String configured = System.getenv("PG_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured, "initdb"))) {
            return Optional.of(Path.of(configured));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(bin -> parseVersion(bin.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static LocalPostgres start(Path binaries) {
        try {
            Path directory = Files.createTempDirectory("autorefresh-pg-");
            var postgres = new LocalPostgres(directory, binaries, Processes.freePort());
            postgres.initAndStart();
            return postgres;
        } catch (IOException e) {
            throw new InfrastructureUnavailable("could not create a directory for a local PostgreSQL", e);
        }
    }

    private void initAndStart() {
        if (Processes.isRoot()) {
            // initdb refuses root; the cluster belongs to the postgres user.
            Processes.run(List.of("chown", "postgres:postgres", directory.toString()), Map.of(), null, 10);
        }
        Path data = directory.resolve("data");
        Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("initdb").toString(), "-D", data.toString(),
                "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")), Map.of(), null, 120);
        startServer();
        Path log = directory.resolve("postgres.log");
        try (var connection = DriverManager.getConnection(server().jdbcUrl("postgres"), SUPERUSER, SUPERUSER);
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new InfrastructureUnavailable("local PostgreSQL started but refused a connection:\n" + Processes.tail(log), e);
        }
    }

    private void startServer() {
        // Durability off: these clusters live for one test run.
        String options = "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("pg_ctl").toString(), "-D",
                directory.resolve("data").toString(), "-l", directory.resolve("postgres.log").toString(), "-o", options,
                "-w", "-t", "60", "start")), Map.of(), null, 90);
    }

    /**
     * A hot standby of {@code primary}: a base backup streaming its WAL ({@code pg_basebackup -R}), read-only until
     * {@link #promote()}. initdb's trust rules let replication connections from 127.0.0.1 in.
     */
    static LocalPostgres standbyOf(LocalPostgres primary) {
        try {
            Path directory = Files.createTempDirectory("autorefresh-pg-standby-");
            if (Processes.isRoot()) {
                Processes.run(List.of("chown", "postgres:postgres", directory.toString()), Map.of(), null, 10);
            }
            var standby = new LocalPostgres(directory, primary.binaries, Processes.freePort());
            Processes.run(Processes.as(SUPERUSER, List.of(primary.binaries.resolve("pg_basebackup").toString(),
                    "-h", "127.0.0.1", "-p", Integer.toString(primary.port), "-U", SUPERUSER,
                    "-D", directory.resolve("data").toString(), "-R", "-X", "stream", "--no-sync")), Map.of(), null, 120);
            standby.startServer();
            return standby;
        } catch (IOException e) {
            throw new InfrastructureUnavailable("could not create a directory for a local PostgreSQL standby", e);
        }
    }

    /** {@code pg_ctl stop -m immediate}: the server is gone at once, as if its machine died. */
    void crash() {
        Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("pg_ctl").toString(), "-D",
                directory.resolve("data").toString(), "-m", "immediate", "-w", "stop")), Map.of(), null, 30);
    }

    /** A standby becomes a primary that accepts writes. */
    void promote() {
        Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("pg_ctl").toString(), "-D",
                directory.resolve("data").toString(), "-w", "-t", "60", "promote")), Map.of(), null, 90);
    }

    PostgresServer server() {
        return new PostgresServer("127.0.0.1", port, DATABASE, SUPERUSER, SUPERUSER);
    }

    void stop() {
        try {
            Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("pg_ctl").toString(), "-D",
                    directory.resolve("data").toString(), "-m", "immediate", "-w", "stop")), Map.of(), null, 30);
        } catch (InfrastructureUnavailable alreadyStopped) {
            // Stopping on JVM exit: nothing more to do than clean up.
        }
        Processes.deleteQuietly(directory);
    }

    // ---- Faults (chaos scenarios) ----

    /** {@code pg_ctl restart -m fast}: every connection is cut, the server comes back on the same port and data. */
    void restart() {
        Processes.run(Processes.as(SUPERUSER, List.of(binaries.resolve("pg_ctl").toString(), "-D",
                directory.resolve("data").toString(), "-l", directory.resolve("postgres.log").toString(),
                "-m", "fast", "-w", "-t", "60", "restart")), Map.of(), null, 90);
    }
}
