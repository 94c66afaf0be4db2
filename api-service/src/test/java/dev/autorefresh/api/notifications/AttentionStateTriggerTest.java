package dev.autorefresh.api.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database's side of notifications: which account changes write outbox rows, with which states, for which
 * webhooks. Rows are only written, never sent here (the shared test context runs no sender).
 */
@ApiTest
class AttentionStateTriggerTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WebhookRepository webhooks;
    @Autowired
    TransactionTemplate tx;
    UUID account;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.notification_webhook");
        account = UUID.fromString(new ApiClient(port).createWithApiKey("trigger-" + UUID.randomUUID().toString()
                .substring(0, 8)));
    }

    @AfterEach
    void tearDown() {
        jdbc.update("delete from api.notification_webhook");
        jdbc.update("delete from api.account where id = ?", account);
    }

    @Test
    void everyStateThatNeedsAPersonAndEveryRecoveryIsOneRowPerWebhookAndOtherChangesNone() {
        webhook();
        webhook();

        update("rate_limit_reset = now() + interval '5 hours', consecutive_failures = 3");
        update("paused = true, pause_reason = 'manual'");
        update("paused = false, pause_reason = null");
        update("paused = true, pause_reason = 'failure_threshold', last_refresh_error = 'timed out'");
        update("consecutive_failures = 6");
        update("requires_reauth = true, last_refresh_error = '401 Unauthorized'");
        update("token_rotation_interrupted = true");
        update("token_rotation_interrupted = false, requires_reauth = false, paused = false, pause_reason = null");
        update("no_window_reason = 'no unified reset header'");
        update("no_window_reason = null");

        List<Map<String, Object>> rows = jdbc.queryForList("select event_id, state, previous_state, reason "
                + "from api.notification_outbox where account_id = ? order by id", account);
        assertThat(rows).hasSize(2 * 6);
        assertThat(rows.stream().map(row -> row.get("previous_state") + ">" + row.get("state")).distinct().toList())
                .containsExactly("OK>PAUSED_BY_FAILURES", "PAUSED_BY_FAILURES>REAUTH_REQUIRED",
                        "REAUTH_REQUIRED>TOKEN_ROTATION_INTERRUPTED", "TOKEN_ROTATION_INTERRUPTED>OK",
                        "OK>NO_USAGE_WINDOW", "NO_USAGE_WINDOW>OK");
        // One event per change, shared by its rows for each webhook.
        assertThat(rows.stream().map(row -> row.get("event_id")).distinct()).hasSize(6);
        assertThat(rows.get(0).get("reason")).isEqualTo("timed out");
        assertThat(rows.get(2).get("reason")).isEqualTo("401 Unauthorized");
        assertThat(rows.get(8).get("reason")).isEqualTo("no unified reset header");
        assertThat(rows.get(6).get("reason")).isNull();
    }

    @Test
    void withoutAWebhookAChangeWritesNothingAndAChangeRolledBackLeavesNoRow() {
        update("requires_reauth = true");
        webhook();

        tx.executeWithoutResult(status -> {
            update("requires_reauth = false");
            assertThat(jdbc.queryForObject("select count(*) from api.notification_outbox where account_id = ?",
                    Integer.class, account)).as("written in the change's transaction").isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(jdbc.queryForObject("select count(*) from api.notification_outbox where account_id = ?",
                Integer.class, account)).isZero();
    }

    private void webhook() {
        webhooks.save(new Webhook(WebhookKind.JSON, "https://example.com/" + UUID.randomUUID(),
                "https://example.com:443", Signature.newSecret(), Instant.now()));
    }

    private void update(String set) {
        jdbc.update("update api.account set " + set + " where id = ?", account);
    }
}
