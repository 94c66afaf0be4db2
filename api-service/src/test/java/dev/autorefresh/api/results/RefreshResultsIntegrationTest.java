package dev.autorefresh.api.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Fixtures;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.web.ApiTest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@ApiTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK,
        properties = "autorefresh.api.internal.service-token=test-service-token-0123456789abcdef")
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class RefreshResultsIntegrationTest {

    @Autowired
    Fixtures fixtures;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    RabbitAdmin admin;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    AccountRepository accounts;
    @Autowired
    RefreshAttemptRepository attempts;
    @Autowired
    RefreshPolicy policy;
    @Autowired
    org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry listeners;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final Instant expired = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void clean() {
        fixtures.clear();
        admin.purgeQueue(Topology.RESULTS_PARKING_LOT, false);
    }

    @Test
    void aWindowUpdateMovesTheResetAndIsRecordedOnce() {
        Account account = fixtures.autoRefreshing("window-moves");
        Instant newReset = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        var updated = windowUpdated(account, newReset);

        publish(updated);
        await().until(() -> fixtures.attempts(account) == 1);

        Account stored = fixtures.reload(account);
        assertThat(stored.rateLimitReset()).isEqualTo(newReset);
        assertThat(stored.nextRefreshAt()).isEqualTo(newReset.plusSeconds(1));
        assertThat(stored.lastRefreshOutcome()).isEqualTo("SUCCESS");
        assertThat(stored.rateLimitStatus()).isEqualTo("allowed");
        assertThat(stored.rateLimitRemaining()).isEqualTo(17);
    }

    @Test
    void aRedeliveredResultChangesNothing() {
        Account account = fixtures.autoRefreshing("duplicate-result");
        var updated = windowUpdated(account, Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS));
        publish(updated);
        await().until(() -> fixtures.attempts(account) == 1);
        Account before = fixtures.reload(account);

        publish(updated);
        // A later, distinct result proves the duplicate ahead of it in the queue was consumed (and ignored).
        var marker = new RefreshFailed(UUID.randomUUID(), account.id(), null, FailureKind.NOT_ELIGIBLE, null, "marker",
                null, Instant.now(), "test");
        publish(marker);
        await().until(() -> fixtures.attempts(account) == 2);

        Account after = fixtures.reload(account);
        assertThat(after.rateLimitReset()).isEqualTo(before.rateLimitReset());
        assertThat(after.nextRefreshAt()).isEqualTo(before.nextRefreshAt());
        assertThat(after.consecutiveFailures()).isZero();
    }

    @Test
    void aLateReportOfAClaimTakenAsSentReplacesTheAssumptionAndCorrectsTheEstimatedWindow() {
        Account account = fixtures.autoRefreshing("late-report");
        UUID lost = UUID.randomUUID();
        Instant claimedAt = Instant.now().minusSeconds(200).truncatedTo(ChronoUnit.SECONDS);
        tx.executeWithoutResult(status -> {
            Account locked = accounts.findForUpdate(account.id()).orElseThrow();
            locked.claim(lost, expired, policy, claimedAt);
            var resolved = locked.claim(UUID.randomUUID(), expired, policy, claimedAt.plus(policy.claimLifetime()));
            assertThat(resolved.outcome()).isEqualTo(Account.ClaimOutcome.TAKEN_AS_SENT);
            attempts.save(RefreshAttempt.assumedSent(lost, account.id(), claimedAt, locked.rateLimitReset(),
                    Instant.now()));
        });
        Instant reported = claimedAt.plus(policy.estimatedWindow()).minusSeconds(30);

        publish(new WindowUpdated(lost, account.id(), expired, reported, "allowed", 17, 200, "claude-haiku-4-5",
                claimedAt.plusSeconds(1), 150, "test-worker", null, null));
        await().until(() -> "SUCCESS".equals(jdbc.queryForObject(
                "select outcome from api.refresh_attempt where refresh_id = ?", String.class, lost)));

        assertThat(fixtures.attempts(account)).isEqualTo(1);
        Account stored = fixtures.reload(account);
        assertThat(stored.rateLimitReset()).isEqualTo(reported);
        assertThat(stored.nextRefreshAt()).isEqualTo(reported.plus(policy.grace()));
    }

    @Test
    void aServerErrorBacksOffAndAnAuthFailureBlocks() {
        Account flaky = fixtures.autoRefreshing("flaky");
        Account revoked = fixtures.autoRefreshing("revoked");
        Instant sent = Instant.now();

        publish(new RefreshFailed(UUID.randomUUID(), flaky.id(), null, FailureKind.UPSTREAM, 500, "500 Internal Server Error",
                null, sent, "test"));
        publish(new RefreshFailed(UUID.randomUUID(), revoked.id(), null, FailureKind.AUTH, 401, "401 Unauthorized", null,
                sent, "test"));
        await().until(() -> fixtures.attempts(flaky) == 1 && fixtures.attempts(revoked) == 1);

        Account backingOff = fixtures.reload(flaky);
        assertThat(backingOff.consecutiveFailures()).isEqualTo(1);
        assertThat(backingOff.nextRefreshAt()).isAfter(Instant.now().plusSeconds(50));
        assertThat(backingOff.lastRefreshError()).isEqualTo("500 Internal Server Error");
        assertThat(fixtures.reload(revoked).requiresReauth()).isTrue();
    }

    @Test
    void aRateLimitWaitsForTheReportedReset() {
        Account account = fixtures.autoRefreshing("limited");
        Instant reset = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

        publish(new RefreshFailed(UUID.randomUUID(), account.id(), null, FailureKind.RATE_LIMITED, 429,
                "429 Too Many Requests", reset, Instant.now(), "test"));
        await().until(() -> fixtures.attempts(account) == 1);

        Account stored = fixtures.reload(account);
        assertThat(stored.rateLimitReset()).isEqualTo(reset);
        assertThat(stored.nextRefreshAt()).isEqualTo(reset.plusSeconds(1));
    }

    @Test
    void aResultWhoseDatabaseConnectionIsKilledMidTransactionIsRetriedNotParked() throws Exception {
        Account account = fixtures.autoRefreshing("connection-killed");
        Instant newReset = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // Hold the account's row so the consumer's transaction waits on it, where we can find and kill it.
        var holder = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            jdbc.queryForList("select id from api.account where id = ? for update", account.id());
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

        publish(windowUpdated(account, newReset));
        List<Integer> waiting = await().until(() -> jdbc.queryForList("""
                select pid from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()""",
                Integer.class), pids -> !pids.isEmpty());
        // What a database restart or a failover does to an open transaction: SQL state 57P01.
        waiting.forEach(pid -> jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, pid));
        release.countDown();
        holder.get(30, TimeUnit.SECONDS);

        await().until(() -> fixtures.attempts(account) == 1);
        assertThat(fixtures.reload(account).rateLimitReset()).isEqualTo(newReset);
        assertThat(admin.getQueueInfo(Topology.RESULTS_PARKING_LOT).getMessageCount()).isZero();
    }

    @Test
    void aBurstOfResultsIsAppliedInBatchesEachResultOnceAndOneThatCannotBeAppliedIsParkedAlone() {
        List<Account> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            burst.add(fixtures.autoRefreshing("burst-" + i));
        }
        Account poisoned = fixtures.autoRefreshing("poisoned");
        Instant newReset = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS);
        List<WindowUpdated> results = burst.stream().map(account -> windowUpdated(account, newReset)).toList();
        // A result the database refuses for a reason that does not go away: it must not take its batch with it.
        var poison = new WindowUpdated(UUID.randomUUID(), poisoned.id(), expired, newReset, "allowed", 17, 200,
                "claude-haiku-4-5", Instant.now(), 150, "poison-worker", null, null);
        jdbc.execute("""
                create or replace function api.refuse_poison() returns trigger language plpgsql as $$
                begin
                  if new.worker_id = 'poison-worker' then raise exception 'refused by the test'; end if;
                  return new;
                end $$""");
        jdbc.execute("create trigger refuse_poison before insert on api.refresh_attempt for each row "
                + "execute function api.refuse_poison()");
        var container = listeners.getListenerContainer(RefreshResultListener.ID);
        double batchesBefore = batchSizes().count();
        double resultsBefore = batchSizes().totalAmount();
        try {
            container.stop();
            for (WindowUpdated result : results) {
                publish(result);
            }
            publish(poison);
            for (WindowUpdated result : results.subList(0, 20)) {
                publish(result); // redelivered: recognised, also inside one batch
            }
            container.start();

            await().until(() -> admin.getQueueInfo(Topology.RESULTS_PARKING_LOT).getMessageCount() == 1);
            await().until(() -> admin.getQueueInfo(Topology.RESULTS_QUEUE).getMessageCount() == 0);
        } finally {
            jdbc.execute("drop trigger refuse_poison on api.refresh_attempt");
            jdbc.execute("drop function api.refuse_poison()");
            container.start();
        }
        for (Account account : burst) {
            assertThat(fixtures.attempts(account)).as(account.name()).isEqualTo(1);
            assertThat(fixtures.reload(account).rateLimitReset()).as(account.name()).isEqualTo(newReset);
        }
        assertThat(fixtures.attempts(poisoned)).isZero();
        // Every delivery went through a batch, and a burst makes batches of more than one.
        assertThat(batchSizes().totalAmount() - resultsBefore).isEqualTo(81);
        assertThat(batchSizes().count() - batchesBefore).isLessThan(81);
    }

    private io.micrometer.core.instrument.DistributionSummary batchSizes() {
        return meters.get(RefreshResultListener.BATCH_SIZE).summary();
    }

    @Test
    void aResultForADeletedAccountIsAcknowledgedAndIgnored() {
        Account account = fixtures.autoRefreshing("short-lived");
        fixtures.clear();

        publish(windowUpdated(account, Instant.now().plusSeconds(3600)));
        Account witness = fixtures.autoRefreshing("witness");
        publish(windowUpdated(witness, Instant.now().plusSeconds(3600)));

        await().until(() -> fixtures.attempts(witness) == 1);
        assertThat(admin.getQueueInfo(Topology.RESULTS_PARKING_LOT).getMessageCount()).isZero();
    }

    @Test
    void malformedJsonAndUnknownTypesGoToTheParkingLotAtOnce() {
        Account account = fixtures.autoRefreshing("poison-neighbour");

        send("WindowUpdated", "{not json");
        send("GremlinsReleased", "{}");
        send(null, "{}");
        send("WindowUpdated", "{\"refreshId\":\"" + UUID.randomUUID() + "\"}");

        await().until(() -> admin.getQueueInfo(Topology.RESULTS_PARKING_LOT).getMessageCount() == 4);
        // The consumer keeps working after the poison.
        publish(windowUpdated(account, Instant.now().plusSeconds(3600)));
        await().until(() -> fixtures.attempts(account) == 1);
        var parkedBodies = new java.util.ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            Message parked = rabbit.receive(Topology.RESULTS_PARKING_LOT, 5_000);
            assertThat(parked).isNotNull();
            parkedBodies.add(new String(parked.getBody(), StandardCharsets.UTF_8));
        }
        assertThat(parkedBodies).contains("{not json");
    }

    private WindowUpdated windowUpdated(Account account, Instant newReset) {
        return new WindowUpdated(UUID.randomUUID(), account.id(), expired, newReset, "allowed", 17, 200,
                "claude-haiku-4-5", Instant.now(), 150, "test-worker", null, null);
    }

    private void publish(Object event) {
        send(Topology.typeName(event.getClass()), json.writeValueAsString(event), Topology.routingKey(event.getClass()));
    }

    private void send(String type, String body) {
        send(type, body, Topology.WINDOW_UPDATED);
    }

    private void send(String type, String body, String routingKey) {
        var properties = new MessageProperties();
        properties.setType(type);
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        rabbit.send(Topology.EXCHANGE, routingKey,
                MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).andProperties(properties).build());
    }
}
