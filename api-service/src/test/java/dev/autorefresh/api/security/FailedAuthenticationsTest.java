package dev.autorefresh.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailedAuthenticationsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    @Test
    void anAddressIsSlowedDownAfterTheLimitUntilItsWindowEnds() {
        var failures = new FailedAuthentications(clock, settings(3, 100));
        failures.recordFailure("10.0.0.1");
        failures.recordFailure("10.0.0.1");
        assertThat(failures.blocked("10.0.0.1")).isEmpty();

        clock.advance(Duration.ofSeconds(20));
        failures.recordFailure("10.0.0.1");

        assertThat(failures.blocked("10.0.0.1")).contains(Duration.ofSeconds(40));
        assertThat(failures.blocked("10.0.0.2")).isEmpty();
        clock.advance(Duration.ofSeconds(40));
        assertThat(failures.blocked("10.0.0.1")).isEmpty();
    }

    @Test
    void remembersAtMostTheConfiguredNumberOfAddressesForgettingTheOldestFirst() {
        var failures = new FailedAuthentications(clock, settings(1, 2));
        failures.recordFailure("10.0.0.1");
        clock.advance(Duration.ofSeconds(1));
        failures.recordFailure("10.0.0.2");
        clock.advance(Duration.ofSeconds(1));
        failures.recordFailure("10.0.0.3");

        assertThat(failures.blocked("10.0.0.1")).isEmpty();
        assertThat(failures.blocked("10.0.0.2")).isPresent();
        assertThat(failures.blocked("10.0.0.3")).isPresent();
    }

    private static SecuritySettings settings(int maxFailures, int addresses) {
        return new SecuritySettings(null, false, null, maxFailures, Duration.ofMinutes(1), addresses, null);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
