package dev.autorefresh.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Fixtures;
import dev.autorefresh.api.web.ApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Credential lookups take turns. With one turn, a lookup stuck in the database (the test holds a lock on the
 * account table) keeps the next one out of the database: that one waits for the turn, is served once the turn is
 * free, or is answered 503 with Retry-After when the wait runs out, and changes nothing.
 */
@ApiTest(properties = {
        "autorefresh.api.internal.service-token=test-service-token-0123456789abcdef",
        "autorefresh.api.internal.max-concurrent-lookups=1",
        "autorefresh.api.internal.lookup-wait=1500ms"})
@DirtiesContext
class CredentialLookupTurnsTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();
    private Connection lockHolder;

    @BeforeEach
    void setUp() {
        fixtures.clear();
    }

    @AfterEach
    void releaseTheLock() throws SQLException {
        if (lockHolder != null) {
            lockHolder.rollback();
            lockHolder.close();
            lockHolder = null;
        }
    }

    @Test
    void aLookupThatFindsNoTurnWithinTheWaitIsAnswered503AndChangesNothing() throws SQLException {
        Account stuck = fixtures.autoRefreshing("stuck");
        Account waiting = fixtures.autoRefreshing("waiting");
        String before = rawRow(waiting);
        double turnedAwayBefore = turnedAway();
        lockTheAccountTable();

        CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> lookup(stuck));
        await().atMost(Duration.ofSeconds(10)).until(() -> lookupsWaitingInTheDatabase() == 1);
        HttpResponse<String> turnedAway = lookup(waiting);

        assertThat(turnedAway.statusCode()).isEqualTo(503);
        assertThat(turnedAway.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(turnedAway.body()).contains("\"error\"").contains("too many credential lookups")
                .contains("1500 ms").doesNotContain(Fixtures.SECRET);
        assertThat(lookupsWaitingInTheDatabase()).as("the second lookup never reached the database").isEqualTo(1);
        assertThat(turnedAway()).isEqualTo(turnedAwayBefore + 1);
        releaseTheLock();
        assertThat(holder.join().statusCode()).isEqualTo(200);
        assertThat(rawRow(waiting)).isEqualTo(before);
    }

    @Test
    void aLookupWaitsForItsTurnOutsideTheDatabaseAndIsServedOnceTheTurnIsFree() throws SQLException {
        Account stuck = fixtures.autoRefreshing("stuck");
        Account waiting = fixtures.autoRefreshing("waiting");
        lockTheAccountTable();

        CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> lookup(stuck));
        await().atMost(Duration.ofSeconds(10)).until(() -> lookupsWaitingInTheDatabase() == 1);
        CompletableFuture<HttpResponse<String>> next = CompletableFuture.supplyAsync(() -> lookup(waiting));
        // For most of the wait, both lookups are in flight and still only one is in the database.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> lookupsWaitingInTheDatabase() == 1 && !next.isDone());
        releaseTheLock();

        assertThat(holder.join().statusCode()).isEqualTo(200);
        HttpResponse<String> served = next.join();
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("\"status\":\"ELIGIBLE\"").contains("\"accountName\":\"waiting\"");
    }

    /** Every read of api.account now waits until {@link #releaseTheLock()}. */
    private void lockTheAccountTable() throws SQLException {
        lockHolder = dataSource.getConnection();
        lockHolder.setAutoCommit(false);
        try (var statement = lockHolder.createStatement()) {
            statement.execute("lock table api.account in access exclusive mode");
        }
    }

    private double turnedAway() {
        return meters.counter("autorefresh.credentials.lookups.turned.away").count();
    }

    private int lookupsWaitingInTheDatabase() {
        return jdbc.queryForObject("select count(*) from pg_locks where not granted "
                + "and relation = 'api.account'::regclass", Integer.class);
    }

    private String rawRow(Account account) {
        return jdbc.queryForObject("select t::text from api.account t where id = ?", String.class, account.id());
    }

    /** What a worker does: {@code GET /internal/accounts/{id}/credentials} with the service token. */
    private HttpResponse<String> lookup(Account account) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/accounts/"
                        + account.id() + "/credentials?refreshId=" + UUID.randomUUID()))
                .header("Authorization", "Bearer test-service-token-0123456789abcdef")
                .timeout(Duration.ofSeconds(20))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
