package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowsTest {

    private static final StubConfig ROLLING_5M = StubConfig.of(Duration.ZERO, Duration.ofMinutes(5), WindowMode.ROLLING);
    private static final StubConfig ALIGNED_5M = StubConfig.of(Duration.ZERO, Duration.ofMinutes(5), WindowMode.ALIGNED);
    private static final AccountKey ACCOUNT = AccountKey.of("sk-ant-api-unit");

    private final Windows windows = new Windows();

    @Test
    void roundsARollingResetUpToTheWholeSecondSoTheWindowIsNeverShorter() {
        Instant receivedAt = Instant.parse("2025-01-01T10:00:00.250Z");

        assertThat(Windows.nextReset(receivedAt, ROLLING_5M)).isEqualTo(Instant.parse("2025-01-01T10:05:01Z"));
        assertThat(Windows.nextReset(Instant.parse("2025-01-01T10:00:00Z"), ROLLING_5M))
                .isEqualTo(Instant.parse("2025-01-01T10:05:00Z"));
    }

    @Test
    void putsAnAlignedResetOnTheNextMultipleOfTheWindowSinceTheEpoch() {
        assertThat(Windows.nextReset(Instant.parse("2025-01-01T10:03:59.900Z"), ALIGNED_5M))
                .isEqualTo(Instant.parse("2025-01-01T10:05:00Z"));
        assertThat(Windows.nextReset(Instant.parse("2025-01-01T10:05:00Z"), ALIGNED_5M))
                .isEqualTo(Instant.parse("2025-01-01T10:10:00Z"));
    }

    @Test
    void keepsTheResetWhileTheWindowIsOpen() {
        Windows.WindowOutcome first = windows.touch(ACCOUNT, Instant.parse("2025-01-01T10:00:00Z"), ROLLING_5M);
        Windows.WindowOutcome second = windows.touch(ACCOUNT, Instant.parse("2025-01-01T10:04:59.999Z"), ROLLING_5M);

        assertThat(first.started()).isTrue();
        assertThat(first.lag()).isNull();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.reset()).isEqualTo(first.reset());
        assertThat(second.remaining()).isEqualTo(first.remaining() - 1);
    }

    @Test
    void startsANewWindowAtTheResetAndMeasuresTheLagFromIt() {
        windows.touch(ACCOUNT, Instant.parse("2025-01-01T10:00:00Z"), ROLLING_5M);

        Windows.WindowOutcome atReset = windows.touch(ACCOUNT, Instant.parse("2025-01-01T10:05:00.120Z"), ROLLING_5M);

        assertThat(atReset.started()).isTrue();
        assertThat(atReset.lag()).isEqualTo(Duration.ofMillis(120));
        assertThat(atReset.reset()).isEqualTo(Instant.parse("2025-01-01T10:10:01Z"));
    }

    @Test
    void reportsTheOpenResetOnlyWhileTheWindowIsOpen() {
        Windows.WindowOutcome first = windows.touch(ACCOUNT, Instant.parse("2025-01-01T10:00:00Z"), ROLLING_5M);

        assertThat(windows.openReset(ACCOUNT, Instant.parse("2025-01-01T10:01:00Z"))).hasValue(first.reset());
        assertThat(windows.openReset(ACCOUNT, first.reset())).isEmpty();
        windows.clear();
        assertThat(windows.openReset(ACCOUNT, Instant.parse("2025-01-01T10:01:00Z"))).isEmpty();
    }
}
