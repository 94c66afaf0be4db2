package dev.autorefresh.api.credentials;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Refreshes that cost nothing because a duplicate request for a window was answered IN_FLIGHT. Counted per account
 * and over time for the cost figures; the usage check's savings need no row of their own (they are attempts).
 */
@Repository
class AvoidedRefreshes {

    private final JdbcClient jdbc;

    AvoidedRefreshes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Joins the decision's transaction: the count and the answer commit or roll back together. */
    @Transactional(propagation = Propagation.MANDATORY)
    void inFlight(UUID accountId, UUID refreshId, Instant at) {
        jdbc.sql("INSERT INTO api.refresh_avoided (account_id, refresh_id, reason, at) VALUES (?, ?, 'IN_FLIGHT', ?)")
                .params(accountId, refreshId, at.atOffset(ZoneOffset.UTC))
                .update();
    }
}
