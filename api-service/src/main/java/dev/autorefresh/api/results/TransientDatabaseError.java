package dev.autorefresh.api.results;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether applying a result failed for a reason that goes away by itself: the database connection was lost or
 * refused, the server is shutting down or restarting, or the transaction lost a serialization or deadlock race.
 * Spring translates some of these to its transient exceptions, others (a connection terminated mid-transaction,
 * reported as SQL state 57P01) to a generic one, so the SQL state is read too. When the connection died mid-
 * transaction, the rollback fails as well and its exception replaces the first one: a failed rollback means nothing
 * was committed, and applying a result is idempotent, so that too is worth another try.
 */
final class TransientDatabaseError {

    /** 08: connection exceptions; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now. */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "55P03");

    private TransientDatabaseError() {
    }

    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof CannotCreateTransactionException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof org.hibernate.TransactionException
                    || cause instanceof TransactionSystemException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
