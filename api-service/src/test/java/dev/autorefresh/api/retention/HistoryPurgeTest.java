package dev.autorefresh.api.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The purge on the real PostgreSQL: old rows go, a bounded batch per statement; younger rows stay. */
@ApiTest
class HistoryPurgeTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    RetentionSettings defaults;
    String account;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.account");
        jdbc.update("delete from api.account_audit");
        account = new ApiClient(port).createWithApiKey("purged");
        jdbc.update("delete from api.account_audit");
    }

    @Test
    void claimsAnsweredInFlightAndSettledNotificationsFollowTheAttemptsRetentionAndPendingOnesStay() {
        jdbc.update("delete from api.notification_webhook");
        UUID accountId = UUID.fromString(account);
        Instant old = NOW.minus(Duration.ofDays(30)).minusSeconds(1);
        Instant young = NOW.minus(Duration.ofDays(30)).plusSeconds(1);
        jdbc.update("insert into api.refresh_avoided (account_id, refresh_id, reason, at) values (?, ?, 'IN_FLIGHT', ?)",
                accountId, UUID.randomUUID(), Timestamp.from(old));
        jdbc.update("insert into api.refresh_avoided (account_id, refresh_id, reason, at) values (?, ?, 'IN_FLIGHT', ?)",
                accountId, UUID.randomUUID(), Timestamp.from(young));
        UUID webhook = UUID.randomUUID();
        jdbc.update("insert into api.notification_webhook (id, kind, url, origin, signing_secret, created_at) "
                + "values (?, 'JSON', 'enc', 'https://hooks.example.com', 'enc', ?)", webhook, Timestamp.from(old));
        notification(webhook, "delivered_at", old);
        notification(webhook, "gave_up_at", old);
        notification(webhook, "delivered_at", young);
        notification(webhook, null, old);

        new HistoryPurge(jdbc, new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 3, Duration.ofHours(1)),
                CLOCK).purge();

        assertThat(jdbc.queryForList("select at from api.refresh_avoided", Timestamp.class))
                .containsExactly(Timestamp.from(young));
        // The young delivered one and the pending one (never delivered, however old) stay.
        assertThat(jdbc.queryForObject("select count(*) from api.notification_outbox", Long.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from api.notification_outbox where delivered_at is null "
                + "and gave_up_at is null", Long.class)).isEqualTo(1);
        jdbc.update("delete from api.notification_webhook");
    }

    private void notification(UUID webhook, String settledColumn, Instant at) {
        jdbc.update("insert into api.notification_outbox (event_id, webhook_id, account_id, account_name, state, "
                + "previous_state, occurred_at, next_attempt_at" + (settledColumn == null ? "" : ", " + settledColumn)
                + ") values (?, ?, ?, 'purged', 'REAUTH_REQUIRED', 'OK', ?, ?" + (settledColumn == null ? "" : ", ?")
                + ")", settledColumn == null
                ? new Object[] {UUID.randomUUID(), webhook, UUID.fromString(account), Timestamp.from(at), Timestamp.from(at)}
                : new Object[] {UUID.randomUUID(), webhook, UUID.fromString(account), Timestamp.from(at), Timestamp.from(at),
                        Timestamp.from(at)});
    }

    @Test
    void deletesAttemptsAndAuditEntriesOlderThanTheirRetentionInBatchesOfTheConfiguredSize() {
        for (int i = 0; i < 7; i++) {
            attempt(NOW.minus(Duration.ofDays(30)).minusSeconds(1 + i));
        }
        UUID young = attempt(NOW.minus(Duration.ofDays(30)).plusSeconds(1));
        UUID recent = attempt(NOW.minus(Duration.ofMinutes(5)));
        for (int i = 0; i < 5; i++) {
            audit(NOW.minus(Duration.ofDays(365)).minusSeconds(1 + i));
        }
        audit(NOW.minus(Duration.ofDays(365)).plusSeconds(1));
        var counted = new CountingJdbcTemplate(dataSource);
        var purge = new HistoryPurge(counted, new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 3,
                Duration.ofHours(1)), CLOCK);

        HistoryPurge.Purged purged = purge.purge();

        assertThat(purged).isEqualTo(new HistoryPurge.Purged(7, 5));
        assertThat(jdbc.queryForList("select refresh_id from api.refresh_attempt", UUID.class))
                .containsExactlyInAnyOrder(young, recent);
        assertThat(jdbc.queryForObject("select count(*) from api.account_audit", Long.class)).isEqualTo(1);
        // 7 attempts: 3 + 3 + 1; nothing in flight or notified to purge: 0, 0; 5 entries: 3 + 2. Never more than a
        // batch in one statement.
        assertThat(counted.deleted).containsExactly(3, 3, 1, 0, 0, 3, 2);
    }

    @Test
    void aSecondPurgeFindsNothingAndAnExactMultipleOfTheBatchEndsWithAnEmptyStatement() {
        for (int i = 0; i < 6; i++) {
            attempt(NOW.minus(Duration.ofDays(40)));
        }
        var counted = new CountingJdbcTemplate(dataSource);
        var purge = new HistoryPurge(counted, new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 3,
                Duration.ofHours(1)), CLOCK);

        assertThat(purge.purge()).isEqualTo(new HistoryPurge.Purged(6, 0));
        assertThat(purge.purge()).isEqualTo(new HistoryPurge.Purged(0, 0));

        // Each purge: attempts, claims answered in flight, settled notifications, audit.
        assertThat(counted.deleted).containsExactly(3, 3, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(jdbc.queryForObject("select count(*) from api.refresh_attempt", Long.class)).isZero();
    }

    @Test
    void theServiceKeepsThirtyDaysOfRefreshesAndAYearOfAuditByDefault() {
        assertThat(defaults).isEqualTo(new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 1000,
                Duration.ofHours(1)));
    }

    private UUID attempt(Instant recordedAt) {
        UUID refreshId = UUID.randomUUID();
        jdbc.update("insert into api.refresh_attempt (refresh_id, account_id, outcome, sent_at, recorded_at)"
                + " values (?, ?::uuid, 'SUCCESS', ?, ?)", refreshId, account, Timestamp.from(recordedAt),
                Timestamp.from(recordedAt));
        return refreshId;
    }

    private void audit(Instant at) {
        jdbc.update("insert into api.account_audit (account_id, account_name, actor, action, changes, at)"
                + " values (?::uuid, 'purged', 'test', 'created', '{}', ?)", account, Timestamp.from(at));
    }

    /** Records how many rows each statement deleted. */
    static final class CountingJdbcTemplate extends JdbcTemplate {

        final List<Integer> deleted = new ArrayList<>();

        CountingJdbcTemplate(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public int update(String sql, Object... args) {
            int rows = super.update(sql, args);
            deleted.add(rows);
            return rows;
        }
    }
}
