package dev.autorefresh.benchmark.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {

    private static final Instant RESET = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void countsCompletionsCumulativelyInTimeOrder() {
        Curve curve = Curve.cumulative(RESET, List.of(RESET.plusMillis(3000), RESET.plusMillis(1500),
                RESET.plusMillis(1500), RESET.plusMillis(2000)));

        assertThat(curve.points()).containsExactly(new Curve.Point(0, 0), new Curve.Point(1.5, 2),
                new Curve.Point(2.0, 3), new Curve.Point(3.0, 4));
        assertThat(curve.done()).isEqualTo(4);
        assertThat(curve.secondsUntil(3)).isEqualTo(2.0);
        assertThat(curve.secondsUntil(5)).isNull();
    }

    @Test
    void thinningKeepsTheLastPoint() {
        Curve curve = Curve.cumulative(RESET, List.of(RESET.plusMillis(100), RESET.plusMillis(1200),
                RESET.plusMillis(1300), RESET.plusMillis(1400)));

        Curve thinned = curve.thinned(1.0);

        // At most one point a second; the last (everything done) always stays.
        assertThat(thinned.points()).containsExactly(new Curve.Point(0, 0), new Curve.Point(1.2, 2),
                new Curve.Point(1.4, 4));
    }
}
