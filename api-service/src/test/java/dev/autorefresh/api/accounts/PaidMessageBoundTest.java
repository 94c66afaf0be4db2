package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The written bound (docs/guarantees.md): whatever upstream answers, an account gets at most
 * {@link RefreshPolicy#maxMessagesPerHour()} paid messages in any sliding hour. Drives the real rules ({@link Account},
 * {@link RefreshPolicy}) the way the scheduler, the credentials endpoint, the workers and the results consumer do,
 * through seeded random sequences of upstream answers, duplicate and lost deliveries, lost and late results, clock
 * steps and a person's occasional action, and counts the messages per sliding hour.
 */
class PaidMessageBoundTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration SIMULATED = Duration.ofHours(30);

    private final RefreshPolicy policy = RefreshPolicy.defaults();

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void noSequenceOfAnswersGetsMoreThanTheBoundInAnyHour(long seed) {
        List<Instant> paid = new Simulation(new Random(seed), policy).run();

        int worst = worstHour(paid);
        assertThat(worst).as("paid messages in the worst sliding hour, seed %d: %s", seed, paid)
                .isLessThanOrEqualTo(policy.maxMessagesPerHour());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSimulationDoesSendMessagesSoTheBoundIsNotVacuous(long seed) {
        assertThat(new Simulation(new Random(seed), policy).run()).isNotEmpty();
    }

    private static int worstHour(List<Instant> paid) {
        int worst = 0;
        for (int first = 0; first < paid.size(); first++) {
            int inHour = 0;
            for (int i = first; i < paid.size() && paid.get(i).isBefore(paid.get(first).plus(HOUR)); i++) {
                inHour++;
            }
            worst = Math.max(worst, inHour);
        }
        return worst;
    }

    /** One account, one clock; the services' parts reduced to the calls they make on the account. */
    private static final class Simulation {

        private final Random random;
        private final RefreshPolicy policy;
        private final Account account;
        private Instant now = Instant.parse("2026-11-28T00:00:00Z");
        private final List<Instant> paid = new ArrayList<>();
        /** Deliveries waiting in the queue (duplicates, redeliveries, re-dispatches after a lease). */
        private final Deque<Due> queued = new ArrayDeque<>();
        /** Results published but not yet applied (a lagging results consumer). */
        private final List<Runnable> lateResults = new ArrayList<>();

        private record Due(UUID refreshId, Instant window) {
        }

        Simulation(Random random, RefreshPolicy policy) {
            this.random = random;
            this.policy = policy;
            Credentials credentials = random.nextBoolean()
                    ? new Credentials.ApiKey("sk-ant-sim")
                    : new Credentials.OAuth("at", "rt", now.plus(Duration.ofDays(30)));
            this.account = new Account("sim", "anthropic", credentials, 0, null, now);
            account.enableAutoRefresh(true, policy, now);
        }

        List<Instant> run() {
            Instant end = now.plus(SIMULATED);
            while (now.isBefore(end)) {
                if (dispatchable()) {
                    queued.add(new Due(UUID.randomUUID(), account.rateLimitReset()));
                }
                if (!queued.isEmpty()) {
                    deliver(random.nextInt(10) == 0 ? queued.pollLast() : queued.pollFirst());
                }
                if (!lateResults.isEmpty() && random.nextInt(3) == 0) {
                    lateResults.remove(random.nextInt(lateResults.size())).run();
                }
                if (random.nextInt(200) == 0) {
                    personActs();
                }
                step();
            }
            return paid;
        }

        /** What the scheduler's claim sees in refresh_candidate: eligible and due. */
        private boolean dispatchable() {
            return account.autoRefreshEnabled() && !account.requiresReauth() && account.noWindowReason() == null
                    && (!account.paused() || Account.PAUSED_BY_FAILURES.equals(account.pauseReason()))
                    && account.nextRefreshAt() != null && !account.nextRefreshAt().isAfter(now);
        }

        private void deliver(Due due) {
            if (random.nextInt(8) == 0) {
                queued.add(due); // duplicate publish or redelivery of the same refresh
            }
            if (random.nextInt(8) == 0) {
                queued.add(new Due(UUID.randomUUID(), due.window())); // re-dispatch of the window after a lease
            }
            if (account.ineligibility() != null) {
                return;
            }
            Account.Claim claim = account.claim(due.refreshId(), due.window(), policy, now);
            switch (claim.outcome()) {
                case GRANTED -> send(due);
                case GRANTED_VERIFY_FIRST -> verifyThenMaybeSend(due);
                case IN_FLIGHT, TAKEN_AS_SENT, OVER_BUDGET -> {
                    // nothing is sent
                }
            }
        }

        private void verifyThenMaybeSend(Due due) {
            switch (random.nextInt(3)) {
                case 0 -> report(() -> account.applyWindow(success(due, WindowSource.USAGE_CHECK,
                        now.plus(minutes(1, 300)), UsageCheck.OPEN), policy, now));
                case 1 -> send(due);
                default -> report(() -> account.recordFailure(failure(due, FailureKind.UNAVAILABLE, null), policy,
                        now));
            }
        }

        private void send(Due due) {
            paid.add(now);
            Runnable result = switch (random.nextInt(12)) {
                case 0 -> () -> account.applyWindow(success(due, WindowSource.MESSAGE,
                        now.plus(Duration.ofHours(5)), UsageCheck.NOT_OPEN), policy, now);
                // A reset barely ahead, at the window that expired, or behind it: what a confused upstream says.
                case 1 -> () -> account.applyWindow(success(due, WindowSource.MESSAGE,
                        now.plusSeconds(random.nextInt(5) + 1), UsageCheck.SKIPPED), policy, now);
                case 2 -> () -> account.applyWindow(success(due, WindowSource.MESSAGE,
                        due.window() == null ? now : due.window(), UsageCheck.SKIPPED), policy, now);
                case 3 -> () -> account.applyWindow(success(due, WindowSource.ESTIMATED, null, UsageCheck.FAILED),
                        policy, now);
                case 4 -> () -> account.applyWindow(success(due, WindowSource.NO_WINDOW, null, UsageCheck.SKIPPED),
                        policy, now);
                case 5 -> () -> account.recordFailure(failure(due, FailureKind.RATE_LIMITED, retryAfter()), policy,
                        now);
                case 6 -> () -> account.recordFailure(failure(due, FailureKind.AUTH, null), policy, now);
                case 7 -> () -> account.recordFailure(failure(due, FailureKind.UPSTREAM, null), policy, now);
                case 8 -> () -> account.recordFailure(failure(due, FailureKind.NETWORK, null), policy, now);
                case 9 -> () -> account.recordFailure(failure(due, FailureKind.INVALID_RESPONSE, null), policy, now);
                case 10 -> () -> account.recordFailure(failure(due, FailureKind.RATE_LIMITED, null), policy, now);
                default -> null; // the worker died after sending: no result ever
            };
            if (result != null) {
                report(result);
            }
        }

        /** A result is applied at once, or later by a lagging consumer (and then in any order). */
        private void report(Runnable result) {
            if (random.nextInt(4) == 0) {
                lateResults.add(result);
            } else {
                result.run();
            }
        }

        private Instant retryAfter() {
            return switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> now; // retry-after: 0
                case 2 -> now.minusSeconds(30); // a reset in the past
                case 3 -> now.plusSeconds(random.nextInt(120));
                default -> now.plus(Duration.ofDays(random.nextInt(4000)));
            };
        }

        private void personActs() {
            switch (random.nextInt(4)) {
                case 0 -> account.replaceCredentials(account.usesOAuth()
                        ? new Credentials.OAuth("at2", "rt2", now.plus(Duration.ofDays(30)))
                        : new Credentials.ApiKey("sk-ant-sim2"), policy, now);
                case 1 -> account.enableAutoRefresh(true, policy, now);
                case 2 -> account.resume(policy, now);
                default -> account.changeCustomEndpoint(random.nextBoolean() ? "https://proxy.example.com" : null,
                        now);
            }
        }

        private void step() {
            long millis = switch (random.nextInt(4)) {
                case 0 -> 50;
                case 1 -> 1_000 + random.nextInt(5_000);
                case 2 -> 30_000 + random.nextInt(120_000);
                default -> account.nextRefreshAt() != null && account.nextRefreshAt().isAfter(now)
                        ? Math.max(1, Duration.between(now, account.nextRefreshAt()).toMillis())
                        : 600_000;
            };
            now = now.plusMillis(millis);
        }

        private Duration minutes(int least, int most) {
            return Duration.ofMinutes(least + random.nextInt(most - least + 1));
        }

        private WindowUpdated success(Due due, WindowSource source, Instant reset, UsageCheck check) {
            return new WindowUpdated(due.refreshId(), account.id(), due.window(), reset, "allowed", 1, 200, "m", now,
                    100, "w", source, check);
        }

        private RefreshFailed failure(Due due, FailureKind kind, Instant retryAfter) {
            return new RefreshFailed(due.refreshId(), account.id(), due.window(), kind, null, kind.name(), retryAfter,
                    now, "w");
        }
    }
}
