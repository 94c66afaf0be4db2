package dev.autorefresh.benchmark.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DistributionTest {

    @Test
    void percentilesAreNearestRankLikeTheStubs() {
        // 1..100: the p-th percentile by nearest rank is p itself.
        Distribution lag = Distribution.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertThat(lag.count()).isEqualTo(100);
        assertThat(lag.p50()).isEqualTo(50);
        assertThat(lag.p95()).isEqualTo(95);
        assertThat(lag.p99()).isEqualTo(99);
        assertThat(lag.max()).isEqualTo(100);
        assertThat(lag.min()).isEqualTo(1);
        assertThat(lag.mean()).isEqualTo(50.5);
    }

    @Test
    void aSmallSampleRoundsTheRankUp() {
        long[] sorted = {100, 200, 300};

        assertThat(Distribution.percentile(sorted, 50)).isEqualTo(200);
        assertThat(Distribution.percentile(sorted, 99)).isEqualTo(300);
        assertThat(Distribution.percentile(sorted, 33)).isEqualTo(100);
        assertThat(Distribution.percentile(sorted, 34)).isEqualTo(200);
    }

    @Test
    void noSamplesGiveNoFiguresRatherThanZeros() {
        Distribution empty = Distribution.of(List.of());

        assertThat(empty.count()).isZero();
        assertThat(empty.p99()).isNull();
        assertThat(empty.mean()).isNull();
        assertThatThrownBy(() -> Distribution.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theInputIsNotReordered() {
        long[] samples = {3, 1, 2};

        Distribution.of(samples);

        assertThat(samples).containsExactly(3, 1, 2);
    }
}
