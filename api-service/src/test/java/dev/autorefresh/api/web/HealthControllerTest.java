package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.autorefresh.api.accounts.AccountRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/** The database being down cannot be staged against the shared test server, so the repository fails on cue here. */
class HealthControllerTest {

    private final Instant now = Instant.parse("2026-11-28T10:00:00Z");
    private final AccountRepository accounts = mock(AccountRepository.class);
    private final HealthController health = new HealthController(accounts, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void isHealthyWithTheNumberOfAccountsWhenTheDatabaseAnswers() {
        when(accounts.count()).thenReturn(3L);

        var reply = health.health(() -> "bootstrap");

        assertThat(reply.getStatusCode().value()).isEqualTo(200);
        assertThat(reply.getBody()).isEqualTo(new HealthController.Health("ok", 3L, "up", now));
    }

    @Test
    void tellsAnAnonymousCallerOnlyThatItIsHealthy() {
        when(accounts.count()).thenReturn(3L);

        var reply = health.health(null);

        assertThat(reply.getStatusCode().value()).isEqualTo(200);
        assertThat(reply.getBody()).isEqualTo(new HealthController.Health("ok", null, "up", now));
    }

    @Test
    void isUnhealthyWith503WhenNoConnectionCanBeHad() {
        when(accounts.count()).thenThrow(new CannotCreateTransactionException("Could not open JPA EntityManager"));

        var reply = health.health(() -> "bootstrap");

        assertThat(reply.getStatusCode().value()).isEqualTo(503);
        assertThat(reply.getBody()).isEqualTo(new HealthController.Health("unhealthy", null, "down", now));
    }

    @Test
    void isUnhealthyWith503WhenTheQueryFails() {
        when(accounts.count()).thenThrow(new DataAccessResourceFailureException("connection refused"));

        var reply = health.health(null);

        assertThat(reply.getStatusCode().value()).isEqualTo(503);
        assertThat(reply.getBody().status()).isEqualTo("unhealthy");
    }
}
