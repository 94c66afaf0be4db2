package dev.autorefresh.api.stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code autorefresh.accounts{state=...}}: accounts in all, with auto-refresh on, paused (and among those, paused by
 * the failure threshold), blocked until re-authenticated, and (among those) whose OAuth token rotation was
 * interrupted, the one to alert on: the stored refresh token is probably dead and only a re-login helps. One counting
 * query serves all six gauges and is reused for a few seconds, so a scrape costs at most one query however often it
 * comes.
 */
@Component
class AccountGauges {

    static final String ACCOUNTS = "autorefresh.accounts";
    static final Duration REUSE = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(AccountGauges.class);

    private final StatsQueries queries;
    private final Clock clock;
    private StatsQueries.AccountStates last;
    private Instant lastAt = Instant.MIN;

    AccountGauges(StatsQueries queries, Clock clock, MeterRegistry meters) {
        this.queries = queries;
        this.clock = clock;
        register(meters, "all", "every account", StatsQueries.AccountStates::accounts);
        register(meters, "auto_refresh", "accounts with auto-refresh on", StatsQueries.AccountStates::autoRefresh);
        register(meters, "paused", "paused accounts (by a person or the failure threshold)",
                StatsQueries.AccountStates::paused);
        // The ones an operator acts on: the failure threshold paused them, no person did.
        register(meters, "paused_failure_threshold", "accounts paused by the failure threshold (probed, not refreshed)",
                StatsQueries.AccountStates::pausedByFailures);
        register(meters, "requires_reauth", "accounts blocked until their credentials are replaced",
                StatsQueries.AccountStates::requiresReauth);
        register(meters, "rotation_interrupted", "accounts whose OAuth token rotation never finished (re-login needed)",
                StatsQueries.AccountStates::rotationInterrupted);
    }

    private void register(MeterRegistry meters, String state, String description,
            ToLongFunction<StatsQueries.AccountStates> value) {
        Gauge.builder(ACCOUNTS, this, gauges -> gauges.read(value))
                .tag("state", state)
                .description("Accounts: " + description)
                .register(meters);
    }

    private synchronized double read(ToLongFunction<StatsQueries.AccountStates> value) {
        Instant now = clock.instant();
        if (last == null || now.isAfter(lastAt.plus(REUSE))) {
            try {
                last = queries.accountStates();
                lastAt = now;
            } catch (DataAccessException e) {
                // A scrape must not fail because the database is down; the health endpoints say that.
                log.debug("Account gauges unavailable: {}", e.getClass().getSimpleName());
                return Double.NaN;
            }
        }
        return value.applyAsLong(last);
    }
}
