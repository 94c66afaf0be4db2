package dev.autorefresh.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlignedBurstTest {

    @Test
    void putsTheNextMultipleOfTheWindowInTheWantedBand() {
        Instant now = Instant.parse("2026-11-28T12:00:07.400Z");
        Instant earliest = now.plusSeconds(135);

        AlignedBurst burst = AlignedBurst.choose(now, earliest, Duration.ofSeconds(10));

        long reset = burst.resetAt().getEpochSecond();
        assertThat(reset % burst.windowSeconds()).isZero();
        assertThat(burst.resetAt()).isAfterOrEqualTo(earliest).isBeforeOrEqualTo(earliest.plusSeconds(10));
        // Every window the stub starts from now until the reset ends at that same second.
        long previous = reset - burst.windowSeconds();
        assertThat(previous).isLessThanOrEqualTo(now.getEpochSecond());
    }

    @Test
    void worksForShortSmokeWindowsToo() {
        Instant now = Instant.parse("2026-11-28T12:00:59.999Z");

        AlignedBurst burst = AlignedBurst.choose(now, now.plusSeconds(30), Duration.ofSeconds(10));

        assertThat(Duration.between(now, burst.resetAt())).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(41));
    }
}
