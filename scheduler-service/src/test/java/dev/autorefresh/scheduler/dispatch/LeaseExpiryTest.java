package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.RefreshDue;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A window whose dispatch got no result (the api-service never moved next_refresh_at) is dispatched again. */
@SchedulerIntegrationTest
@TestPropertySource(properties = {
        "autorefresh.scheduler.lease=2s",
        "autorefresh.scheduler.tick-budget=500ms",
        "autorefresh.scheduler.confirm-timeout=1s"})
class LeaseExpiryTest {

    private final Dispatcher dispatcher;
    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();

    @Autowired
    LeaseExpiryTest(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Test
    void dispatchesTheSameWindowAgainWithTheNextAttemptOnceItsLeaseExpired() {
        UUID accountId = accounts.insert(eligibleAndDue("lost-message"));
        dispatcher.dispatchDue();
        RefreshDue first = queue.awaitAtLeast(1).getFirst().event();
        assertThat(Duration.between(first.dispatchedAt(), accounts.ledger(accountId).getFirst().leaseUntil()))
                .isEqualTo(Duration.ofSeconds(2));

        assertThat(dispatcher.dispatchDue().claimed()).as("within the lease").isZero();
        var again = new java.util.concurrent.atomic.AtomicReference<Dispatcher.Outcome>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            again.set(dispatcher.dispatchDue());
            return again.get().claimed() == 1;
        });
        assertThat(again.get().redispatched()).as("counted as a re-dispatch").isEqualTo(1);

        RefreshDue second = queue.awaitAtLeast(1).getFirst().event();
        assertThat(second.accountId()).isEqualTo(accountId);
        assertThat(second.dueAt()).isEqualTo(first.dueAt());
        assertThat(second.windowResetAt()).isEqualTo(first.windowResetAt());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.refreshId()).isNotEqualTo(first.refreshId());
        assertThat(second.dispatchedAt()).isAfterOrEqualTo(first.dispatchedAt().plusSeconds(2));
        assertThat(accounts.ledger(accountId)).singleElement()
                .satisfies(row -> assertThat(row.refreshId()).isEqualTo(second.refreshId()))
                .satisfies(row -> assertThat(row.attempt()).isEqualTo(2));
    }
}
