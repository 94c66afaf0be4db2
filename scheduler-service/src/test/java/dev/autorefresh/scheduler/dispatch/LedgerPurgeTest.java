package dev.autorefresh.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.scheduler.dispatch.Accounts.LedgerRow;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** The ledger does not grow forever: rows dispatched longer ago than the retention go, a bounded number per pass. */
@SchedulerIntegrationTest
class LedgerPurgeTest {

    private final Dispatcher dispatcher;
    private final DispatchLedger ledger;
    @RegisterExtension
    final Accounts accounts = new Accounts();

    @Autowired
    LedgerPurgeTest(Dispatcher dispatcher, DispatchLedger ledger) {
        this.dispatcher = dispatcher;
        this.ledger = ledger;
    }

    @Test
    void purgesRowsDispatchedBeforeTheRetentionAndKeepsRecentOnes() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        accounts.insertLedgerRow(old, "now() - interval '25 hours'", "now() - interval '25 hours'",
                "now() - interval '25 hours' + interval '2 minutes'");
        accounts.insertLedgerRow(recent, "now() - interval '23 hours'", "now() - interval '23 hours'",
                "now() - interval '23 hours' + interval '2 minutes'");

        Dispatcher.Outcome outcome = dispatcher.dispatchDue();

        assertThat(outcome.purged()).isEqualTo(1);
        assertThat(accounts.ledger()).extracting(LedgerRow::accountId).containsExactly(recent);
    }

    @Test
    void purgesAtMostTheGivenNumberOfRowsAtOnce() {
        for (int i = 0; i < 5; i++) {
            accounts.insertLedgerRow(UUID.randomUUID(), "now() - interval '30 hours'", "now() - interval '30 hours'",
                    "now() - interval '30 hours'");
        }

        assertThat(ledger.purgeDispatchedBefore(Duration.ofHours(24), 3)).isEqualTo(3);
        assertThat(accounts.ledgerSize()).isEqualTo(2);
    }
}
