package dev.autorefresh.scheduler.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs {@link DispatchTick} on its schedule. {@code autorefresh.scheduler.tick-enabled=false} stops the clock
 * and leaves everything else in place, for tests that drive the {@link Dispatcher} themselves.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "autorefresh.scheduler.tick-enabled", matchIfMissing = true)
@EnableScheduling
class DispatchClock {

    private static final Logger log = LoggerFactory.getLogger(DispatchClock.class);

    private final DispatchSettings settings;

    DispatchClock(DispatchSettings settings) {
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        log.info("Starting auto-refresh scheduler");
        log.info("Ticking every {}, in batches of {}, with a lease of {}", settings.tickInterval(),
                settings.batchSize(), settings.lease());
    }
}
