package dev.autorefresh.api.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.ApiServiceApplication;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.results.RefreshResults;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox outlives the process: a notification whose delivery kept failing when the api-service stopped is
 * delivered by the next one, once, under the same event id; nothing is lost and nothing is sent twice once accepted.
 */
class NotificationRestartTest {

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aNotificationPendingAcrossARestartIsDeliveredOnceByTheNextProcess() {
        receiver.answer(503);
        UUID account;
        try (ConfigurableApplicationContext first = start()) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            jdbc.update("delete from api.notification_webhook");
            jdbc.update("delete from api.account where name = 'restarted'");
            first.getBean(Webhooks.class).create(receiver.url("/hook"), "json");
            Account saved = first.getBean(AccountRepository.class).save(new Account("restarted", "anthropic",
                    new Credentials.ApiKey("sk-ant-api03-restart"), 0, null, Instant.now()));
            account = saved.id();
            RefreshResults results = first.getBean(RefreshResults.class);
            for (int i = 0; i < 5; i++) {
                results.apply(new RefreshFailed(UUID.randomUUID(), account, null, FailureKind.UPSTREAM, 500,
                        "500 Internal Server Error", null, Instant.now(), "test-worker"));
            }
            await().until(() -> receiver.received().size() >= 2);
        }
        int refusedBeforeRestart = receiver.received().size();
        receiver.answer(200);

        try (ConfigurableApplicationContext second = start()) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            // A later change, made by the new process: once it is delivered, the earlier one (kept in order) was too.
            second.getBean(RefreshResults.class).apply(new WindowUpdated(UUID.randomUUID(), account, null,
                    Instant.now().plus(Duration.ofHours(5)), "allowed", 5, 200, "m", Instant.now(), 50, "test-worker",
                    WindowSource.MESSAGE, UsageCheck.SKIPPED, 12, 10));
            await().until(() -> receiver.accepted().size() == 2 && jdbc.queryForObject(
                    "select count(*) from api.notification_outbox where delivered_at is null", Integer.class) == 0);

            List<WebhookReceiver.Received> all = receiver.received();
            String pausedEvent = all.get(0).eventId();
            assertThat(all.subList(0, refusedBeforeRestart + 1)).extracting(WebhookReceiver.Received::eventId)
                    .containsOnly(pausedEvent);
            assertThat(receiver.accepted()).extracting(one -> one.json().get("state").asString())
                    .containsExactly("PAUSED_BY_FAILURES", "OK");
            assertThat(receiver.accepted().get(0).eventId()).isEqualTo(pausedEvent);
            assertThat(all).hasSize(refusedBeforeRestart + 2);
            assertThat(jdbc.queryForObject("select count(*) from api.notification_outbox", Integer.class)).isEqualTo(2);
            jdbc.update("delete from api.notification_webhook");
            jdbc.update("delete from api.account where id = ?", account);
        }
    }

    private ConfigurableApplicationContext start() {
        PostgresServer postgres = TestInfrastructure.postgres();
        RabbitServer rabbit = TestInfrastructure.rabbit();
        return new SpringApplicationBuilder(ApiServiceApplication.class).web(WebApplicationType.NONE).run(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.rabbitmq.host=" + rabbit.host(),
                "--spring.rabbitmq.port=" + rabbit.port(),
                "--spring.rabbitmq.listener.simple.auto-startup=false",
                "--autorefresh.endpoints.allowed-hosts=" + receiver.allowListEntry(),
                "--autorefresh.api.notifications.sender-enabled=true",
                "--autorefresh.api.notifications.poll-interval=100ms",
                "--autorefresh.api.notifications.first-retry=100ms",
                "--autorefresh.api.notifications.longest-retry=200ms",
                "--autorefresh.api.notifications.max-attempts=1000");
    }
}
