package dev.autorefresh.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.benchmark.report.Results;
import java.time.Instant;
import java.util.List;
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

    @Test
    void addsUpTheCpuOfOurServicesOnlyAndJudgesItForTheBurstShape() {
        var cost = new Results.BurstCost(Map.of("ours-api-service", 0.73, "ours-worker-1", 0.4, "ours-worker-2", 0.39,
                "ours-scheduler-1", 0.1, "postgresql", 0.7, "rabbitmq", 0.37), 3.2, 93, 92, 16);
        var burst = new Results.Burst(Instant.EPOCH, 120, 10_000, 17.3, 17.0, 16.8, 637.0, null, 0, 0, null, null,
                null, cost);
        List<Results.ServiceResources> resources = List.of(service("postgresql", "infrastructure"),
                service("ours-api-service", "ours"), service("ours-scheduler-1", "ours"),
                service("ours-worker-1", "ours"), service("ours-worker-2", "ours"), service("rabbitmq", "infrastructure"));

        Results.Target judged = Targets.ourCpu(burst, resources, true);
        Results.Target unjudged = Targets.ourCpu(burst, resources, false);

        assertThat(judged.measured()).isEqualTo("1.62 ms (ours-api-service 0.73, ours-scheduler-1 0.10, "
                + "ours-worker-1 0.40, ours-worker-2 0.39)");
        assertThat(judged.met()).isTrue();
        assertThat(unjudged.met()).isNull();
        assertThat(Targets.ourCpu(burst, resources.subList(0, 2), true).met()).as("api-service alone").isTrue();
    }

    @Test
    void aBurstOverTheBudgetMissesIt() {
        var cost = new Results.BurstCost(Map.of("ours-api-service", 1.2, "ours-worker-1", 0.9), 4, 90, 90, 20);
        var burst = new Results.Burst(Instant.EPOCH, 120, 10_000, 20.0, 19.0, 18.0, 500.0, null, 0, 0, null, null,
                null, cost);

        Results.Target judged = Targets.ourCpu(burst, List.of(service("ours-api-service", "ours"),
                service("ours-worker-1", "ours")), true);

        assertThat(judged.met()).isFalse();
        assertThat(judged.measured()).startsWith("2.10 ms");
    }

    private static Results.ServiceResources service(String name, String system) {
        return new Results.ServiceResources(name, system, Map.of(), null, null, null, null, false, true);
    }
}
