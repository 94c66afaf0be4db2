package dev.autorefresh.api.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.results.RefreshResults;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Notifications from account state changes to a real HTTP receiver, through the outbox and the sender of a real
 * api-service on the real database: one per change of state, whatever the retries; signed; never to a host the
 * allow-list does not name; the URL nowhere but in its encrypted column.
 */
@ApiTest(properties = {
        "autorefresh.api.notifications.sender-enabled=true",
        "autorefresh.api.notifications.poll-interval=100ms",
        "autorefresh.api.notifications.first-retry=200ms",
        "autorefresh.api.notifications.longest-retry=400ms",
        "autorefresh.api.notifications.max-attempts=3",
        "autorefresh.api.notifications.timeout=2s"})
// Its own context, closed after the class: its sender must not outlive these tests.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class NotificationDeliveryTest {

    static final WebhookReceiver RECEIVER = new WebhookReceiver();
    /** Not on the allow-list: must never receive anything. */
    static final WebhookReceiver FORBIDDEN = new WebhookReceiver();
    static final String SECRET_PATH = "/services/T0001/B0002/secret-part-of-the-url-0123456789";

    @DynamicPropertySource
    static void allowList(DynamicPropertyRegistry properties) {
        properties.add("autorefresh.endpoints.allowed-hosts", () -> "api.anthropic.com," + RECEIVER.allowListEntry());
    }

    @AfterAll
    static void stopReceivers() {
        RECEIVER.close();
        FORBIDDEN.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RefreshResults results;
    @Autowired
    WebhookRepository webhooks;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.notification_webhook");
        jdbc.update("delete from api.refresh_attempt");
        jdbc.update("delete from api.account");
        RECEIVER.forget();
        RECEIVER.answer(200);
        FORBIDDEN.forget();
        api = new ApiClient(port);
    }

    @AfterEach
    void removeWebhooks() {
        // Later test classes share the database: leave no webhook for their account changes to write rows for.
        jdbc.update("delete from api.notification_webhook");
    }

    @Test
    void oneNotificationPerChangeOfStateWhateverTheRetriesAndEachSignedWithTheWebhooksSecret() {
        JsonNode webhook = api.post("/api/notifications/webhooks",
                "{\"url\": \"" + RECEIVER.url(SECRET_PATH) + "\", \"kind\": \"json\"}").json();
        String secret = webhook.get("signingSecret").asString();
        UUID account = UUID.fromString(api.createWithApiKey("flaky"));
        // The first delivery fails: the retry carries the same event id.
        RECEIVER.answer(200, 503);

        for (int i = 0; i < 5 + 3; i++) {
            // Five failures pause the account; three more are its probes failing: one change of state in all.
            fail(account, FailureKind.UPSTREAM, 500);
        }
        succeed(account);
        fail(account, FailureKind.AUTH, 401);
        fail(account, FailureKind.AUTH, 401);
        api.post("/api/accounts/" + account + "/credentials", "{\"apiKey\": \"sk-ant-api03-replaced\"}");

        assertThat(outboxRows()).as(() -> jdbc.queryForList("select state, previous_state from api.notification_outbox")
                .toString()).isEqualTo(4);
        await().until(() -> RECEIVER.accepted().size() == 4 && undelivered() == 0);
        List<WebhookReceiver.Received> accepted = RECEIVER.accepted();
        assertThat(accepted).extracting(one -> one.json().get("state").asString())
                .containsExactly("PAUSED_BY_FAILURES", "OK", "REAUTH_REQUIRED", "OK");
        assertThat(accepted).extracting(one -> one.json().get("type").asString())
                .containsExactly("account.needs_attention", "account.recovered", "account.needs_attention",
                        "account.recovered");
        assertThat(accepted).extracting(WebhookReceiver.Received::eventId).doesNotHaveDuplicates();
        assertThat(RECEIVER.received()).hasSize(5);
        assertThat(RECEIVER.received().get(0).eventId()).isEqualTo(RECEIVER.received().get(1).eventId());
        JsonNode first = accepted.get(0).json();
        assertThat(first.get("account").get("name").asString()).isEqualTo("flaky");
        assertThat(first.get("previousState").asString()).isEqualTo("OK");
        assertThat(first.get("reason").asString()).isEqualTo("500 Internal Server Error");
        assertThat(first.get("id").asString()).isEqualTo(accepted.get(0).eventId());
        for (WebhookReceiver.Received one : RECEIVER.received()) {
            assertThat(one.path()).isEqualTo(SECRET_PATH);
            assertThat(one.signature()).isEqualTo(Signature.sign(secret, Long.parseLong(one.timestamp()),
                    one.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(one.timestamp()))).isLessThan(60);
        }
    }

    @Test
    void aSlackWebhookGetsTextAndATestNotificationArrivesAtOnce() {
        String id = api.post("/api/notifications/webhooks",
                "{\"url\": \"" + RECEIVER.url("/slack") + "\", \"kind\": \"slack\"}").json().get("id").asString();

        JsonNode test = api.post("/api/notifications/webhooks/" + id + "/test", "").json();
        UUID account = UUID.fromString(api.createWithApiKey("no-window"));
        succeedWithoutWindow(account);

        assertThat(test.get("delivered").booleanValue()).isTrue();
        assertThat(test.get("status").intValue()).isEqualTo(200);
        await().until(() -> RECEIVER.accepted().size() == 2);
        assertThat(RECEIVER.accepted().get(0).json().get("text").asString()).contains("test notification");
        JsonNode slack = RECEIVER.accepted().get(1).json();
        assertThat(slack.size()).isEqualTo(1);
        assertThat(slack.get("text").asString()).startsWith("auto-refresh: account no-window needs attention")
                .contains("no usage window");
    }

    @Test
    void aWebhookWhoseHostIsNotAllowedIsRefusedWhenConfiguredAndSentNothingWhenTheListNarrowsLater() {
        ApiClient.Reply refused = api.post("/api/notifications/webhooks",
                "{\"url\": \"" + FORBIDDEN.url(SECRET_PATH) + "\", \"kind\": \"json\"}");
        refused.assertError(400);
        assertThat(refused.error()).contains("is not allowed").contains("AUTOREFRESH_ALLOWED_HOSTS")
                .doesNotContain(SECRET_PATH);
        assertThat(webhooks.count()).isZero();

        // Stored while it was allowed (or written behind the API's back): checked again before each delivery.
        Webhook stale = webhooks.save(new Webhook(WebhookKind.JSON, FORBIDDEN.url(SECRET_PATH),
                "http://127.0.0.1:" + FORBIDDEN.port(), Signature.newSecret(), Instant.now()));
        UUID account = UUID.fromString(api.createWithApiKey("revoked"));
        fail(account, FailureKind.AUTH, 401);
        JsonNode test = api.post("/api/notifications/webhooks/" + stale.id() + "/test", "").json();

        await().until(() -> jdbc.queryForObject(
                "select count(*) from api.notification_outbox where gave_up_at is not null", Integer.class) == 1);
        assertThat(test.get("delivered").booleanValue()).isFalse();
        assertThat(test.get("error").asString()).contains("no longer allowed");
        assertThat(FORBIDDEN.received()).isEmpty();
    }

    @Test
    void theWebhookUrlIsNeverReturnedLoggedAuditedOrStoredInTheClear(CapturedOutput output) {
        RECEIVER.answer(200, 500);
        JsonNode created = api.post("/api/notifications/webhooks",
                "{\"url\": \"" + RECEIVER.url(SECRET_PATH) + "\", \"kind\": \"json\"}").json();
        UUID account = UUID.fromString(api.createWithApiKey("watched"));
        fail(account, FailureKind.AUTH, 401);
        await().until(() -> RECEIVER.accepted().size() == 1);
        String id = created.get("id").asString();
        api.post("/api/notifications/webhooks/" + id + "/test", "");

        String listing = api.get("/api/notifications/webhooks").body();
        String audit = api.get("/api/audit").body();
        api.delete("/api/notifications/webhooks/" + id);

        assertThat(created.toString()).doesNotContain(SECRET_PATH);
        assertThat(created.get("origin").asString()).isEqualTo(RECEIVER.allowListEntry());
        assertThat(listing).contains(RECEIVER.allowListEntry()).doesNotContain(SECRET_PATH)
                .doesNotContain(created.get("signingSecret").asString());
        assertThat(audit).contains("webhook_created").doesNotContain(SECRET_PATH);
        assertThat(api.get("/api/audit").body()).contains("webhook_deleted");
        assertThat(output.getAll()).contains("Notification").doesNotContain(SECRET_PATH)
                .doesNotContain(created.get("signingSecret").asString());
        assertThat(webhooks.count()).isZero();
    }

    @Test
    void aWebhookThatKeepsFailingIsGivenUpAfterItsAttempts() {
        RECEIVER.answer(500);
        api.post("/api/notifications/webhooks", "{\"url\": \"" + RECEIVER.url("/down") + "\", \"kind\": \"json\"}");
        UUID account = UUID.fromString(api.createWithApiKey("unlucky"));
        fail(account, FailureKind.AUTH, 401);

        await().until(() -> jdbc.queryForObject(
                "select count(*) from api.notification_outbox where gave_up_at is not null", Integer.class) == 1);
        assertThat(RECEIVER.received()).hasSize(3);
        assertThat(jdbc.queryForObject("select last_error from api.notification_outbox", String.class))
                .isEqualTo("the webhook answered 500");
        assertThat(meters.get("autorefresh.notifications").tag("result", "given_up").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(api.get("/actuator/prometheus").body()).contains("autorefresh_notifications_total{");
    }

    /** A failure for the account's current window, as a worker reports it. */
    private void fail(UUID account, FailureKind kind, int status) {
        Instant window = jdbc.queryForObject("select rate_limit_reset from api.account where id = ?",
                java.sql.Timestamp.class, account) instanceof java.sql.Timestamp reset ? reset.toInstant() : null;
        results.apply(new RefreshFailed(UUID.randomUUID(), account, window, kind, status,
                status == 401 ? "401 Unauthorized" : "500 Internal Server Error", null, Instant.now(), "test-worker"));
    }

    private void succeed(UUID account) {
        results.apply(new WindowUpdated(UUID.randomUUID(), account, null, Instant.now().plus(Duration.ofHours(5)),
                "allowed", 10, 200, "m", Instant.now(), 100, "test-worker", WindowSource.MESSAGE,
                UsageCheck.SKIPPED, 12, 10));
    }

    private void succeedWithoutWindow(UUID account) {
        results.apply(new WindowUpdated(UUID.randomUUID(), account, null, null, null, null, 200, "m", Instant.now(),
                100, "test-worker", WindowSource.NO_WINDOW, UsageCheck.SKIPPED, 12, 10));
    }

    private int outboxRows() {
        return jdbc.queryForObject("select count(*) from api.notification_outbox", Integer.class);
    }

    private int undelivered() {
        return jdbc.queryForObject("select count(*) from api.notification_outbox where delivered_at is null",
                Integer.class);
    }
}
