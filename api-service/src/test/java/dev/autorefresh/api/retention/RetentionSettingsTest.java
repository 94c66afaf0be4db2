package dev.autorefresh.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RetentionSettingsTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class);

    @Test
    void bindsDurationsFromTheEnvironment() {
        context.withPropertyValues("autorefresh.api.retention.refresh-attempts=90d",
                        "autorefresh.api.retention.audit=730d",
                        "autorefresh.api.retention.batch-size=500", "autorefresh.api.retention.interval=15m")
                .run(started -> assertThat(started.getBean(RetentionSettings.class)).isEqualTo(new RetentionSettings(
                        Duration.ofDays(90), Duration.ofDays(730), 500, Duration.ofMinutes(15))));
    }

    @Test
    void refusesToStartWithRefreshAttemptsKeptShorterThanTheDuplicateCheckNeeds() {
        context.withPropertyValues("autorefresh.api.retention.refresh-attempts=6d")
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("autorefresh.api.retention.refresh-attempts")
                        .hasMessageContaining("AUTOREFRESH_RETENTION_REFRESH_ATTEMPTS")
                        .hasMessageContaining("at least 7 days"));
    }

    @Test
    void refusesAuditKeptLessThanADayAndBatchesOutOfBounds() {
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(30), Duration.ofHours(23), 1000,
                Duration.ofHours(1))).hasMessageContaining("autorefresh.api.retention.audit");
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 0,
                Duration.ofHours(1))).hasMessageContaining("autorefresh.api.retention.batch-size");
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 10_001,
                Duration.ofHours(1))).hasMessageContaining("autorefresh.api.retention.batch-size");
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), 1000,
                Duration.ZERO)).hasMessageContaining("autorefresh.api.retention.interval");
    }

    @Test
    void theFloorItselfIsAccepted() {
        var settings = new RetentionSettings(Duration.ofDays(7), Duration.ofDays(1), 1, Duration.ofMinutes(1));

        assertThat(settings.refreshAttemptsSince(java.time.Instant.parse("2026-11-08T00:00:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RetentionSettings.class)
    static class Settings {
    }
}
