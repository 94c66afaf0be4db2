package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** What the API relies on from the database when two writers meet. */
@ApiTest
class AccountPersistenceTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AccountRepository accounts;
    @Autowired
    TransactionTemplate transactions;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        api = new ApiClient(port);
    }

    @Test
    void aStaleCopyCannotOverwriteAChangeMadeThroughTheApi() {
        UUID id = UUID.fromString(api.createWithApiKey("contested"));
        Account stale = accounts.findById(id).orElseThrow();
        api.post("/api/accounts/" + id + "/pause", null);

        stale.changePriority(9, Instant.now());

        assertThatThrownBy(() -> accounts.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(jdbc.queryForObject("select priority from api.account where id = ?", Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("select paused from api.account where id = ?", Boolean.class, id)).isTrue();
    }

    @Test
    void recognisesTheDatabasesRefusalOfADuplicateName() {
        api.createWithApiKey("twin");

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> accounts.saveAndFlush(
                new Account("twin", "anthropic", new Credentials.ApiKey("k"), 0, null, Instant.now()))))
                .isInstanceOfSatisfying(DataIntegrityViolationException.class,
                        e -> assertThat(AccountService.isDuplicateName(e)).isTrue());
    }

    @Test
    void doesNotMistakeAnotherConstraintForADuplicateName() {
        var priority = new DataIntegrityViolationException("could not execute statement",
                new ConstraintViolationException("check", new SQLException("check", "23514"), "account_priority_range"));

        assertThat(AccountService.isDuplicateName(priority)).isFalse();
    }
}
