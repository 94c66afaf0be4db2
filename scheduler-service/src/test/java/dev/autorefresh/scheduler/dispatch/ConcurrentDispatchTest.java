package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.scheduler.dispatch.Accounts.LedgerRow;
import dev.autorefresh.scheduler.dispatch.RefreshDueQueue.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Replicas racing without their lock still dispatch each window once. */
@SchedulerIntegrationTest
class ConcurrentDispatchTest {

    private final Dispatcher dispatcher;
    private final DispatchLedger ledger;
    private final DispatchSettings settings;
    private final RefreshDueSender sender;
    private final TransactionTemplate transaction;
    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();
    private final ExecutorService replicas = Executors.newFixedThreadPool(2);

    @Autowired
    ConcurrentDispatchTest(Dispatcher dispatcher, DispatchLedger ledger, DispatchSettings settings,
                           RefreshDueSender sender, TransactionTemplate transaction) {
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.settings = settings;
        this.sender = sender;
        this.transaction = transaction;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        replicas.shutdownNow();
        replicas.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void aClaimRacingAnUncommittedClaimOfTheSameWindowsGetsNone() throws Exception {
        accounts.insert(eligibleAndDue("raced-1"));
        accounts.insert(eligibleAndDue("raced-2"));
        accounts.insert(eligibleAndDue("raced-3"));
        var firstHasClaimed = new CountDownLatch(1);
        var secondIsWaiting = new CountDownLatch(1);

        // The first replica claims inside a transaction it keeps open until the second one is blocked behind it.
        CompletableFuture<List<RefreshDue>> first = CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
            List<RefreshDue> claimed = ledger.claimDue(10, settings.lease());
            firstHasClaimed.countDown();
            awaitLatch(secondIsWaiting);
            return claimed;
        }), replicas);
        awaitLatch(firstHasClaimed);
        CompletableFuture<List<RefreshDue>> second =
                CompletableFuture.supplyAsync(() -> ledger.claimDue(10, settings.lease()), replicas);
        await().atMost(Duration.ofSeconds(30)).until(() -> accounts.sessionsWaitingForALock() > 0);
        secondIsWaiting.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(3);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(accounts.ledger()).hasSize(3).allSatisfy(row -> assertThat(row.attempt()).isEqualTo(1));
    }

    @Test
    void twoDispatchersRunningAtOnceDispatchEachWindowOnce() throws Exception {
        int due = 3 * settings.batchSize();
        accounts.insertDue(due, "contended");
        var start = new CountDownLatch(1);

        CompletableFuture<Dispatcher.Outcome> one = CompletableFuture.supplyAsync(() -> runAfter(start), replicas);
        CompletableFuture<Dispatcher.Outcome> two = CompletableFuture.supplyAsync(() -> runAfter(start), replicas);
        start.countDown();
        Dispatcher.Outcome a = one.get(60, TimeUnit.SECONDS);
        Dispatcher.Outcome b = two.get(60, TimeUnit.SECONDS);

        assertThat(a.published() + b.published()).isEqualTo(due);
        assertDispatchedExactlyOnce(queue.awaitAtLeast(due), due);
    }

    @Test
    void tenThousandDueAccountsAreDispatchedOnceInBoundedBatches() {
        int due = 10_000;
        accounts.insertDue(due, "bulk");
        var batchSizes = new CopyOnWriteArrayList<Integer>();
        RefreshDueSender recording = events -> {
            batchSizes.add(events.size());
            return sender.sendAll(events);
        };
        Dispatcher recorded = new Dispatcher(ledger, recording, settings);

        // A pass stops when its time budget is spent; a slow machine may need more than one.
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            recorded.dispatchDue();
            return accounts.ledgerSize() == due;
        });

        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(settings.batchSize()));
        assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(due);
        assertDispatchedExactlyOnce(queue.awaitAtLeast(due), due);
        assertThat(recorded.dispatchDue().claimed()).isZero();
    }

    private void assertDispatchedExactlyOnce(List<Delivery> deliveries, int due) {
        assertThat(deliveries).hasSize(due);
        Set<UUID> accountIds = deliveries.stream().map(d -> d.event().accountId()).collect(Collectors.toSet());
        assertThat(accountIds).hasSize(due);
        List<LedgerRow> rows = accounts.ledger();
        assertThat(rows).hasSize(due).allSatisfy(row -> assertThat(row.attempt()).isEqualTo(1));
        assertThat(rows.stream().map(LedgerRow::accountId).collect(Collectors.toSet())).isEqualTo(accountIds);
        assertThat(deliveries.stream().map(d -> d.event().refreshId()).collect(Collectors.toSet()))
                .isEqualTo(rows.stream().map(LedgerRow::refreshId).collect(Collectors.toSet()));
    }

    private Dispatcher.Outcome runAfter(CountDownLatch start) {
        awaitLatch(start);
        return dispatcher.dispatchDue();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other replica did not get there in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
