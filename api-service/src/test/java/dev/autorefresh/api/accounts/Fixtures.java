package dev.autorefresh.api.accounts;

import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Accounts in the real database, made and cleared through the same code the service uses. */
@Component
public class Fixtures {

    public static final String SECRET = "sk-ant-test-fixture-secret";

    private final AccountRepository accounts;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    Fixtures(AccountRepository accounts, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public void clear() {
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
    }

    public Account autoRefreshing(String name) {
        var account = new Account(name, "anthropic", new Credentials.ApiKey(SECRET), 0, null, Instant.now());
        account.enableAutoRefresh(true, RefreshPolicy.defaults(), Instant.now());
        return accounts.save(account);
    }

    public Account save(Account account) {
        return tx.execute(status -> accounts.save(account));
    }

    public Account reload(Account account) {
        return accounts.findById(account.id()).orElseThrow();
    }

    public int attempts(Account account) {
        return jdbc.queryForObject("select count(*) from api.refresh_attempt where account_id = ?", Integer.class,
                account.id());
    }
}
