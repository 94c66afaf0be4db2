package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** While another replica holds the tick's lock, this replica's tick does nothing. */
@SchedulerIntegrationTest
class ShedLockGuardTest {

    private final DispatchTick tick;
    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();
    private final JdbcTemplate superuser = accounts.superuser();

    @Autowired
    ShedLockGuardTest(DispatchTick tick) {
        this.tick = tick;
    }

    @Test
    void skipsTheTickWhileAnotherReplicaHoldsTheLockAndDispatchesOnceItIsReleased() {
        UUID accountId = accounts.insert(eligibleAndDue("guarded"));
        // ShedLock keeps UTC wall-clock timestamps from the database clock.
        superuser.update("""
                INSERT INTO scheduler.shedlock (name, lock_until, locked_at, locked_by)
                VALUES (?, timezone('utc', now()) + interval '1 hour', timezone('utc', now()), 'other-replica')
                ON CONFLICT (name) DO UPDATE
                    SET lock_until = EXCLUDED.lock_until, locked_at = EXCLUDED.locked_at, locked_by = EXCLUDED.locked_by
                """, DispatchTick.LOCK_NAME);

        tick.tick();

        assertThat(accounts.ledger()).isEmpty();
        assertThat(queue.drain()).isEmpty();

        superuser.update("UPDATE scheduler.shedlock SET lock_until = timezone('utc', now()) WHERE name = ?",
                DispatchTick.LOCK_NAME);
        tick.tick();

        assertThat(queue.awaitAtLeast(1)).extracting(delivery -> delivery.event().accountId()).containsExactly(accountId);
        assertThat(superuser.queryForObject("SELECT locked_by FROM scheduler.shedlock WHERE name = ?", String.class,
                DispatchTick.LOCK_NAME)).isNotEqualTo("other-replica");
    }
}
