package dev.autorefresh.scheduler.dispatch;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The scheduler's tick. Every replica ticks; ShedLock lets one of them dispatch at a time. The clock that calls
 * it is {@link DispatchClock}.
 */
@Component
class DispatchTick {

    static final String LOCK_NAME = "refresh-due-dispatch";

    private final Dispatcher dispatcher;
    private final DispatchMetrics metrics;

    DispatchTick(Dispatcher dispatcher, DispatchMetrics metrics) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @Scheduled(fixedDelayString = "#{" + DispatchSettings.BEAN + ".tickInterval()}")
    @SchedulerLock(name = LOCK_NAME,
            lockAtMostFor = "#{" + DispatchSettings.BEAN + ".lockAtMostFor()}",
            lockAtLeastFor = "#{" + DispatchSettings.BEAN + ".lockAtLeastFor()}")
    public void tick() {
        LockAssert.assertLocked();
        metrics.measure(dispatcher::dispatchDue);
    }
}
