package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import dev.autorefresh.scheduler.dispatch.Accounts.LedgerRow;
import dev.autorefresh.scheduler.dispatch.RefreshDueQueue.Delivery;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** Which accounts a dispatch pass picks, and what it publishes for them. */
@SchedulerIntegrationTest
class DispatchSelectionTest {

    private final Dispatcher dispatcher;
    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();

    @Autowired
    DispatchSelectionTest(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Test
    void dispatchesADueEligibleAccountOnceWithTheWindowItWasDueFor() {
        UUID accountId = accounts.insert(eligibleAndDue("my-account"));

        Dispatcher.Outcome outcome = dispatcher.dispatchDue();

        assertThat(outcome.claimed()).isEqualTo(1);
        assertThat(outcome.published()).isEqualTo(1);
        List<Delivery> deliveries = queue.awaitAtLeast(1);
        assertThat(deliveries).hasSize(1);
        Delivery delivery = deliveries.getFirst();
        RefreshDue event = delivery.event();
        LedgerRow ledger = accounts.ledger(accountId).getFirst();
        assertThat(event.accountId()).isEqualTo(accountId);
        assertThat(event.accountName()).isEqualTo("my-account");
        assertThat(event.windowResetAt()).isEqualTo(accounts.rateLimitReset(accountId));
        assertThat(event.dueAt()).isEqualTo(accounts.nextRefreshAt(accountId));
        assertThat(event.attempt()).isEqualTo(1);
        assertThat(event.refreshId()).isEqualTo(ledger.refreshId());
        assertThat(event.dispatchedAt()).isEqualTo(ledger.dispatchedAt())
                .isCloseTo(accounts.databaseNow(), within(5, ChronoUnit.SECONDS));
        assertThat(Duration.between(ledger.dispatchedAt(), ledger.leaseUntil())).isEqualTo(Duration.ofMinutes(2));

        assertThat(delivery.exchange()).isEqualTo(Topology.EXCHANGE);
        assertThat(delivery.routingKey()).isEqualTo(Topology.REFRESH_DUE);
        assertThat(delivery.properties().getType()).isEqualTo("RefreshDue");
        assertThat(delivery.properties().getMessageId()).isEqualTo(event.refreshId().toString());
        assertThat(delivery.properties().getContentType()).isEqualTo("application/json");
        assertThat(delivery.properties().getDeliveryMode()).isEqualTo(2);
        assertThat(delivery.properties().getHeaders()).doesNotContainKey("__TypeId__");
        assertThat(delivery.body())
                .contains("\"windowResetAt\":\"" + event.windowResetAt() + "\"")
                .doesNotContain("sk-ant-oat-test-secret");

        assertThat(dispatcher.dispatchDue().claimed()).isZero();
        assertThat(queue.drain()).isEmpty();
    }

    @Test
    void dispatchesAWindowNeverSeenWithoutAResetTime() {
        UUID accountId = accounts.insert(eligibleAndDue("fresh-account").windowNeverSeen().due("now()"));

        dispatcher.dispatchDue();

        RefreshDue event = queue.awaitAtLeast(1).getFirst().event();
        assertThat(event.accountId()).isEqualTo(accountId);
        assertThat(event.windowResetAt()).isNull();
        assertThat(event.dueAt()).isEqualTo(accounts.nextRefreshAt(accountId));
    }

    @Test
    void skipsAccountsThatAreNotDueOrNotEligible() {
        UUID eligible = accounts.insert(eligibleAndDue("eligible"));
        accounts.insert(eligibleAndDue("window-still-open").due("now() + interval '1 minute'"));
        accounts.insert(eligibleAndDue("never-scheduled").due(null));
        accounts.insert(eligibleAndDue("auto-refresh-off").autoRefreshOff());
        accounts.insert(eligibleAndDue("paused-by-a-person").pausedFor("manual"));
        accounts.insert(eligibleAndDue("paused-without-reason").pausedFor(null));
        accounts.insert(eligibleAndDue("needs-reauth").requiringReauth());
        accounts.insert(eligibleAndDue("other-provider").provider("openai"));

        Dispatcher.Outcome outcome = dispatcher.dispatchDue();

        assertThat(outcome.claimed()).isEqualTo(1);
        assertThat(queue.awaitAtLeast(1)).extracting(delivery -> delivery.event().accountId()).containsExactly(eligible);
        assertThat(accounts.ledger()).extracting(LedgerRow::accountId).containsExactly(eligible);
    }

    @Test
    void probesAnAccountPausedByTheFailureThresholdWhenItIsDue() {
        UUID paused = accounts.insert(eligibleAndDue("failing-account").pausedFor("failure_threshold"));

        dispatcher.dispatchDue();

        assertThat(queue.awaitAtLeast(1)).extracting(delivery -> delivery.event().accountId()).containsExactly(paused);
    }

    @Test
    void doesNotDispatchTheSameWindowAgainWhileItsLeaseRuns() {
        UUID accountId = accounts.insert(eligibleAndDue("leased"));
        dispatcher.dispatchDue();
        UUID first = queue.awaitAtLeast(1).getFirst().event().refreshId();

        Dispatcher.Outcome again = dispatcher.dispatchDue();

        assertThat(again.claimed()).isZero();
        assertThat(queue.drain()).isEmpty();
        assertThat(accounts.ledger(accountId)).singleElement()
                .satisfies(row -> assertThat(row.refreshId()).isEqualTo(first))
                .satisfies(row -> assertThat(row.attempt()).isEqualTo(1));
    }

    @Test
    void dispatchesANewDueTimeAtOnceEvenWhileThePreviousOneIsLeased() {
        UUID accountId = accounts.insert(eligibleAndDue("retried"));
        dispatcher.dispatchDue();
        RefreshDue first = queue.awaitAtLeast(1).getFirst().event();
        // The api-service recorded a failure and set a retry time, which has come.
        accounts.moveNextRefreshAt(accountId, "now() - interval '1 millisecond'");

        Dispatcher.Outcome outcome = dispatcher.dispatchDue();

        assertThat(outcome.claimed()).isEqualTo(1);
        RefreshDue retry = queue.awaitAtLeast(1).getFirst().event();
        assertThat(retry.accountId()).isEqualTo(accountId);
        assertThat(retry.dueAt()).isEqualTo(accounts.nextRefreshAt(accountId)).isAfter(first.dueAt());
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.refreshId()).isNotEqualTo(first.refreshId());
        assertThat(accounts.ledger(accountId)).hasSize(2);
    }
}
