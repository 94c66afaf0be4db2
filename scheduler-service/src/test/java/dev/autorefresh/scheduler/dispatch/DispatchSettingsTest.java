package dev.autorefresh.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings' defaults, and the combinations that would break the delivery rules and are refused. */
class DispatchSettingsTest {

    @Test
    void defaultsMeetTheTwoSecondRefreshTarget() {
        DispatchSettings settings = bind(Map.of());

        assertThat(settings.tickInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.tickBudget()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.confirmTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.lockAtMostFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.lockAtLeastFor()).isEqualTo(Duration.ofMillis(200));
        assertThat(settings.retention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void bindsDurationsWrittenTheSpringWay() {
        DispatchSettings settings = bind(Map.of("autorefresh.scheduler.tick-interval", "1s",
                "autorefresh.scheduler.lease", "PT5M", "autorefresh.scheduler.batch-size", "100"));

        assertThat(settings.tickInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.batchSize()).isEqualTo(100);
    }

    @Test
    void refusesATickThatCouldOutliveItsLock() {
        assertRefused(Map.of("autorefresh.scheduler.tick-budget", "55s"), "lock-at-most-for");
    }

    @Test
    void refusesALeaseShorterThanATick() {
        assertRefused(Map.of("autorefresh.scheduler.lease", "20s"), "lease");
    }

    @Test
    void refusesARetentionThatWouldPurgeLeasedRows() {
        assertRefused(Map.of("autorefresh.scheduler.retention", "1m"), "retention");
    }

    @Test
    void refusesAnEmptyOrUnboundedBatch() {
        assertRefused(Map.of("autorefresh.scheduler.batch-size", "0"), "batch-size");
        assertRefused(Map.of("autorefresh.scheduler.batch-size", "1000000"), "batch-size");
    }

    @Test
    void refusesANonPositiveInterval() {
        assertRefused(Map.of("autorefresh.scheduler.tick-interval", "0s"), "tick-interval");
    }

    private static void assertRefused(Map<String, String> properties, String named) {
        assertThatThrownBy(() -> bind(properties))
                .isInstanceOf(BindException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    private static DispatchSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("autorefresh.scheduler", DispatchSettings.class);
    }
}
