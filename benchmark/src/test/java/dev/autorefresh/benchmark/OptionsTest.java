package dev.autorefresh.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsHaveTheShapeOfTheTargets() {
        Options options = Options.parse("--repository", "/repo");

        assertThat(options.accounts()).isEqualTo(10_000);
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.costSizes()).containsExactly(10_000, 100_000, 1_000_000);
        assertThat(options.burstTargetShape()).isTrue();
        assertThat(options.output().toString()).isEqualTo("/repo/benchmark/results");
    }

    @Test
    void quickIsSmokeSizedAndKeepsTheCommittedResult() {
        Options options = Options.parse("--quick", "--repository", "/repo");

        assertThat(options.accounts()).isEqualTo(300);
        assertThat(options.baselineAccounts()).isZero();
        assertThat(options.costSizes()).containsExactly(10_000);
        assertThat(options.output().toString()).isEqualTo("/repo/benchmark/target/results");
    }

    @Test
    void explicitOptionsWinOverQuick() {
        Options options = Options.parse("--accounts", "500", "--quick", "--latency", "1s", "--cost-sizes",
                "100000,10000");

        assertThat(options.accounts()).isEqualTo(500);
        assertThat(options.latency()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.costSizes()).isEqualTo(List.of(10_000, 100_000));
        assertThat(options.burstTargetShape()).isFalse();
    }

    @Test
    void badInputIsRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> Options.parse("--accounts", "many")).hasMessageContaining("--accounts");
        assertThatThrownBy(() -> Options.parse("--latency", "soon")).hasMessageContaining("--latency");
        assertThatThrownBy(() -> Options.parse("--workers", "0")).hasMessageContaining("--workers");
        assertThatThrownBy(() -> Options.parse("--frobnicate", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Options.parse("--accounts")).hasMessageContaining("missing value");
    }
}
