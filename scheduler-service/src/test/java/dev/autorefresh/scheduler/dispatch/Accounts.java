package dev.autorefresh.scheduler.dispatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The api-service's side of the database, as the superuser: writes accounts the way the api-service would and
 * reads the scheduler's ledger. Times are SQL expressions on the database clock, as the scheduler uses it.
 * Registered as an extension ({@code @RegisterExtension}), it empties the accounts and the ledger before and after
 * each test.
 */
final class Accounts implements BeforeEachCallback, AfterEachCallback {

    private final JdbcTemplate superuser = LeastPrivilegedSchedulerRole.superuser();

    /** An account that must be dispatched: eligible, its window reset 3 s ago, due since 2 s. */
    static NewAccount eligibleAndDue(String name) {
        return new NewAccount(name, "anthropic", true, false, null, false,
                "now() - interval '3 seconds'", "now() - interval '2 seconds'");
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        deleteAll();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deleteAll();
    }

    void deleteAll() {
        superuser.execute("TRUNCATE api.account CASCADE");
        superuser.execute("TRUNCATE scheduler.dispatch");
        // Released, never deleted: ShedLock remembers that a lock's row exists and would not insert it again.
        superuser.execute("UPDATE scheduler.shedlock SET lock_until = timezone('utc', now())");
    }

    UUID insert(NewAccount account) {
        UUID id = UUID.randomUUID();
        superuser.update("""
                INSERT INTO api.account (id, name, provider, access_token, auto_refresh_enabled, paused, pause_reason,
                                         requires_reauth, rate_limit_reset, next_refresh_at)
                VALUES (?, ?, ?, 'sk-ant-oat-test-secret', ?, ?, ?, ?, %s, %s)
                """.formatted(sqlOrNull(account.rateLimitReset()), sqlOrNull(account.nextRefreshAt())),
                id, account.name(), account.provider(), account.autoRefresh(), account.paused(), account.pauseReason(),
                account.requiresReauth());
        return id;
    }

    /** Inserts {@code count} eligible accounts, all due at the same instant, named {@code prefix-1} on. */
    void insertDue(int count, String prefix) {
        superuser.update("""
                INSERT INTO api.account (id, name, access_token, auto_refresh_enabled, rate_limit_reset, next_refresh_at)
                SELECT gen_random_uuid(), ? || '-' || n, 'sk-ant-oat-test-secret', true,
                       now() - interval '3 seconds', now() - interval '2 seconds'
                FROM generate_series(1, ?) AS n
                """, prefix, count);
    }

    Instant nextRefreshAt(UUID accountId) {
        return instant("SELECT next_refresh_at FROM api.account WHERE id = ?", accountId);
    }

    Instant rateLimitReset(UUID accountId) {
        return instant("SELECT rate_limit_reset FROM api.account WHERE id = ?", accountId);
    }

    Instant databaseNow() {
        return superuser.queryForObject("SELECT now()", OffsetDateTime.class).toInstant();
    }

    /** What the api-service does after a result: a new due time (a retry, or the next window). */
    void moveNextRefreshAt(UUID accountId, String sqlInstant) {
        superuser.update("UPDATE api.account SET next_refresh_at = %s WHERE id = ?".formatted(sqlInstant), accountId);
    }

    List<LedgerRow> ledger() {
        return superuser.query("SELECT * FROM scheduler.dispatch ORDER BY due_at, account_id", Accounts::ledgerRow);
    }

    int ledgerSize() {
        return superuser.queryForObject("SELECT count(*) FROM scheduler.dispatch", Integer.class);
    }

    List<LedgerRow> ledger(UUID accountId) {
        return superuser.query("SELECT * FROM scheduler.dispatch WHERE account_id = ? ORDER BY due_at",
                Accounts::ledgerRow, accountId);
    }

    void insertLedgerRow(UUID accountId, String dueAt, String dispatchedAt, String leaseUntil) {
        superuser.update("""
                INSERT INTO scheduler.dispatch (account_id, due_at, refresh_id, attempt, dispatched_at, lease_until)
                VALUES (?, %s, gen_random_uuid(), 1, %s, %s)
                """.formatted(dueAt, dispatchedAt, leaseUntil), accountId);
    }

    /** Backends of this database waiting for a lock held by another transaction. */
    int sessionsWaitingForALock() {
        return superuser.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                Integer.class);
    }

    JdbcTemplate superuser() {
        return superuser;
    }

    private Instant instant(String sql, Object... args) {
        OffsetDateTime value = superuser.queryForObject(sql, OffsetDateTime.class, args);
        return value == null ? null : value.toInstant();
    }

    private static String sqlOrNull(String expression) {
        return expression == null ? "NULL" : expression;
    }

    private static LedgerRow ledgerRow(ResultSet row, int rowNumber) throws SQLException {
        return new LedgerRow(
                row.getObject("account_id", UUID.class),
                row.getObject("due_at", OffsetDateTime.class).toInstant(),
                row.getObject("refresh_id", UUID.class),
                row.getInt("attempt"),
                row.getObject("dispatched_at", OffsetDateTime.class).toInstant(),
                row.getObject("lease_until", OffsetDateTime.class).toInstant());
    }

    record LedgerRow(UUID accountId, Instant dueAt, UUID refreshId, int attempt, Instant dispatchedAt,
                     Instant leaseUntil) {
    }

    /** An account row; times are SQL expressions, null for NULL. */
    record NewAccount(String name, String provider, boolean autoRefresh, boolean paused, String pauseReason,
                      boolean requiresReauth, String rateLimitReset, String nextRefreshAt) {

        NewAccount provider(String otherProvider) {
            return new NewAccount(name, otherProvider, autoRefresh, paused, pauseReason, requiresReauth,
                    rateLimitReset, nextRefreshAt);
        }

        NewAccount autoRefreshOff() {
            return new NewAccount(name, provider, false, paused, pauseReason, requiresReauth, rateLimitReset,
                    nextRefreshAt);
        }

        NewAccount pausedFor(String reason) {
            return new NewAccount(name, provider, autoRefresh, true, reason, requiresReauth, rateLimitReset,
                    nextRefreshAt);
        }

        NewAccount requiringReauth() {
            return new NewAccount(name, provider, autoRefresh, paused, pauseReason, true, rateLimitReset,
                    nextRefreshAt);
        }

        NewAccount windowNeverSeen() {
            return new NewAccount(name, provider, autoRefresh, paused, pauseReason, requiresReauth, null,
                    nextRefreshAt);
        }

        NewAccount due(String sqlInstant) {
            return new NewAccount(name, provider, autoRefresh, paused, pauseReason, requiresReauth, rateLimitReset,
                    sqlInstant);
        }
    }
}
