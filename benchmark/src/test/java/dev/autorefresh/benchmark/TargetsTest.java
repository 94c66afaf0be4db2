package dev.autorefresh.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.benchmark.report.Results;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void explainsAMissedDrainByTheCpuEveryWindowCost() {
        var cost = new Results.BurstCost(Map.of("ours-api-service", 2.85), 10.6, 96, 95, 53);
        var burst = new Results.Burst(Instant.EPOCH, 120, 10_000, 55.9, 54.7, 49.3, 209.1, null, 0, 0, null, null,
                null, cost);

        assertThat(Targets.cpuBound(burst, 2)).isEqualTo("all processes spent 10.6 ms CPU per window: 10,000 windows "
                + "x 10.6 ms / 2 cores = 53 s before any waiting, cores 96 % busy; 30 s needs <= 6.0 ms per window "
                + "here");
    }

    @Test
    void saysNothingWithoutACostMeasurement() {
        var burst = new Results.Burst(Instant.EPOCH, 120, 10_000, 55.9, 54.7, 49.3, 209.1, null, 0, 0, null, null,
                null, null);

        assertThat(Targets.cpuBound(burst, 2)).isNull();
    }
}
