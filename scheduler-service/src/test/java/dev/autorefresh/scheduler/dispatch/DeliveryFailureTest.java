package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.scheduler.dispatch.Accounts.LedgerRow;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** A publish the broker did not take leaves nothing that blocks the retry: the next pass dispatches it again. */
@SchedulerIntegrationTest
class DeliveryFailureTest {

    private final Dispatcher dispatcher;
    private final DispatchLedger ledger;
    private final DispatchSettings settings;
    private final AmqpAdmin admin;
    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    @RegisterExtension
    final Accounts accounts = new Accounts();

    @Autowired
    DeliveryFailureTest(Dispatcher dispatcher, DispatchLedger ledger, DispatchSettings settings, AmqpAdmin admin,
                        RabbitTemplate rabbit, JsonMapper json) {
        this.dispatcher = dispatcher;
        this.ledger = ledger;
        this.settings = settings;
        this.admin = admin;
        this.rabbit = rabbit;
        this.json = json;
    }

    @Test
    void aReturnedPublishIsDispatchedAgainOnceAQueueIsBound() {
        UUID accountId = accounts.insert(eligibleAndDue("unroutable"));

        // No queue is bound to refresh.due: the mandatory publish comes back.
        Dispatcher.Outcome returned = dispatcher.dispatchDue();

        assertThat(returned.claimed()).isEqualTo(1);
        assertThat(returned.undelivered()).isEqualTo(1);
        assertThat(returned.published()).isZero();
        assertLeaseExpired(accountId);

        try (RefreshDueQueue queue = RefreshDueQueue.bind(admin, rabbit, json)) {
            Dispatcher.Outcome retried = dispatcher.dispatchDue();

            assertThat(retried.published()).isEqualTo(1);
            RefreshDue event = queue.awaitAtLeast(1).getFirst().event();
            assertThat(event.accountId()).isEqualTo(accountId);
            assertThat(event.attempt()).isEqualTo(2);
            assertThat(event.refreshId()).isEqualTo(accounts.ledger(accountId).getFirst().refreshId());
        }
    }

    @Test
    void aPublishRefusedByTheBrokerIsDispatchedAgainOnTheNextPass() {
        UUID accountId = accounts.insert(eligibleAndDue("refused"));
        UUID firstRefreshId;
        try (RefreshDueQueue full = RefreshDueQueue.bindRefusing(admin, rabbit, json)) {
            Dispatcher.Outcome refused = dispatcher.dispatchDue();

            assertThat(refused.undelivered()).isEqualTo(1);
            assertThat(full.drain()).isEmpty();
            firstRefreshId = assertLeaseExpired(accountId).refreshId();
        }

        try (RefreshDueQueue queue = RefreshDueQueue.bind(admin, rabbit, json)) {
            dispatcher.dispatchDue();

            RefreshDue event = queue.awaitAtLeast(1).getFirst().event();
            assertThat(event.accountId()).isEqualTo(accountId);
            assertThat(event.attempt()).isEqualTo(2);
            assertThat(event.refreshId()).isNotEqualTo(firstRefreshId);
        }
    }

    @Test
    void aPublishWhoseConfirmNeverCameKeepsItsLeaseSoTheWindowIsNotPublishedAgainUnderANewId() {
        UUID accountId = accounts.insert(eligibleAndDue("unconfirmed"));
        // The first copy may be queued: a timeout or a closed channel says nothing about the message.
        RefreshDueSender neverConfirmed = events -> events.stream()
                .map(event -> new RefreshDueSender.Undelivered(event, "not confirmed within PT10S", true))
                .toList();

        Dispatcher.Outcome unconfirmed = new Dispatcher(ledger, neverConfirmed, settings).dispatchDue();

        assertThat(unconfirmed.undelivered()).isEqualTo(1);
        LedgerRow leased = accounts.ledger(accountId).getFirst();
        assertThat(leased.leaseUntil()).isAfter(accounts.databaseNow());
        try (RefreshDueQueue queue = RefreshDueQueue.bind(admin, rabbit, json)) {
            assertThat(dispatcher.dispatchDue().claimed()).as("the window waits for its lease").isZero();
            assertThat(accounts.ledger(accountId)).singleElement()
                    .satisfies(row -> assertThat(row.refreshId()).isEqualTo(leased.refreshId()))
                    .satisfies(row -> assertThat(row.attempt()).isEqualTo(1));
        }
    }

    @Test
    void aSenderThatFailsOutrightReleasesItsWholeBatch() {
        UUID first = accounts.insert(eligibleAndDue("first"));
        UUID second = accounts.insert(eligibleAndDue("second"));
        RefreshDueSender broken = events -> {
            throw new IllegalStateException("serializer exploded");
        };

        assertThatThrownBy(() -> new Dispatcher(ledger, broken, settings).dispatchDue())
                .hasMessage("serializer exploded");

        assertLeaseExpired(first);
        assertLeaseExpired(second);
    }

    @Test
    void onlyTheUndeliveredPartOfABatchIsReleased() {
        UUID delivered = accounts.insert(eligibleAndDue("delivered"));
        UUID undelivered = accounts.insert(eligibleAndDue("undelivered").due("now() - interval '1 second'"));
        RefreshDueSender halfDelivered = events -> events.stream()
                .filter(event -> event.accountId().equals(undelivered))
                .map(event -> new RefreshDueSender.Undelivered(event, "returned as unroutable"))
                .toList();

        new Dispatcher(ledger, halfDelivered, settings).dispatchDue();

        assertLeaseExpired(undelivered);
        LedgerRow stillLeased = accounts.ledger(delivered).getFirst();
        assertThat(stillLeased.leaseUntil()).isAfter(accounts.databaseNow());
    }

    private LedgerRow assertLeaseExpired(UUID accountId) {
        List<LedgerRow> rows = accounts.ledger(accountId);
        assertThat(rows).hasSize(1);
        LedgerRow row = rows.getFirst();
        assertThat(row.leaseUntil()).isBeforeOrEqualTo(accounts.databaseNow());
        return row;
    }
}
