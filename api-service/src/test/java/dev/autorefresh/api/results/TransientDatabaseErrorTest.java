package dev.autorefresh.api.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransientDatabaseErrorTest {

    @Test
    void aConnectionTerminatedMidTransactionIsTransientWhateverSpringCalledIt() {
        var terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");

        assertThat(TransientDatabaseError.is(new JpaSystemException(new RuntimeException(terminated)))).isTrue();
    }

    @Test
    void lostConnectionsSerializationFailuresAndDeadlocksAreTransient() {
        assertThat(TransientDatabaseError.is(new RuntimeException(new SQLException("gone", "08006")))).isTrue();
        assertThat(TransientDatabaseError.is(new RuntimeException(new SQLException("serialize", "40001")))).isTrue();
        assertThat(TransientDatabaseError.is(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
        assertThat(TransientDatabaseError.is(new CannotAcquireLockException("lock"))).isTrue();
        assertThat(TransientDatabaseError.is(new CannotCreateTransactionException("no connection"))).isTrue();
    }

    @Test
    void aRollbackThatFailedBecauseTheConnectionDiedIsTransient() {
        var rollback = new org.hibernate.TransactionException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed"));

        assertThat(TransientDatabaseError.is(new JpaSystemException(rollback))).isTrue();
    }

    @Test
    void aBugOrABrokenConstraintIsNot() {
        assertThat(TransientDatabaseError.is(new IllegalStateException("bug"))).isFalse();
        assertThat(TransientDatabaseError.is(new DataIntegrityViolationException("dup",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(TransientDatabaseError.is(new JpaSystemException(new RuntimeException(
                new SQLException("syntax", "42601"))))).isFalse();
    }
}
