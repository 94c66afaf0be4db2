package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The clock: with nothing but time passing, a due window is dispatched and the guide's log lines appear. */
@SchedulerIntegrationTest
@TestPropertySource(properties = {
        "autorefresh.scheduler.tick-enabled=true",
        "autorefresh.scheduler.tick-interval=100ms"})
@DirtiesContext // a ticking context must not outlive this class and dispatch other tests' accounts
@ExtendWith(OutputCaptureExtension.class)
class ScheduledTickTest {

    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();

    @Autowired
    ScheduledTickTest(JsonMapper json) {
    }

    @Test
    void dispatchesADueWindowOnItsOwnUnderTheSharedLock(CapturedOutput output) {
        UUID accountId = accounts.insert(eligibleAndDue("ticked"));

        assertThat(queue.awaitAtLeast(1)).extracting(delivery -> delivery.event().accountId()).containsExactly(accountId);

        assertThat(output.getOut())
                .contains("Starting auto-refresh scheduler")
                .contains("Found 1 account(s) with reset windows for auto-refresh");
        // Every tick takes the lock anew; two more of them find the window leased and dispatch nothing.
        Instant tickAfterDispatch = lastTickStart();
        await().atMost(Duration.ofSeconds(10)).until(() -> lastTickStart().isAfter(tickAfterDispatch));
        Instant nextTick = lastTickStart();
        await().atMost(Duration.ofSeconds(10)).until(() -> lastTickStart().isAfter(nextTick));
        assertThat(queue.drain()).isEmpty();
        assertThat(accounts.ledger(accountId)).singleElement()
                .satisfies(row -> assertThat(row.attempt()).isEqualTo(1));
    }

    private Instant lastTickStart() {
        return accounts.superuser().queryForObject("SELECT locked_at FROM scheduler.shedlock WHERE name = ?",
                Timestamp.class, DispatchTick.LOCK_NAME).toInstant();
    }
}
