package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules that keep paid messages to one per window: claims, stale results, no-window state, waits with floors. */
class AccountClaimsAndFloorsTest {

    private final RefreshPolicy policy = RefreshPolicy.defaults();
    private final Instant window = Instant.parse("2026-11-28T10:00:00Z");
    private Instant now = window.plusSeconds(2);
    private final Account apiKey = enabled(new Account("key", "anthropic", new Credentials.ApiKey("sk-ant-k"), 0,
            null, window.minus(Duration.ofHours(6))));
    private final Account oauth = enabled(new Account("oauth", "anthropic",
            new Credentials.OAuth("at", "rt", window.plus(Duration.ofHours(8))), 0, null,
            window.minus(Duration.ofHours(6))));

    private Account enabled(Account account) {
        account.enableAutoRefresh(true, policy, window.minus(Duration.ofHours(5)));
        account.applyWindow(message(account, UUID.randomUUID(), null, window), policy,
                window.minus(Duration.ofHours(5)));
        return account;
    }

    // ---- claims ------------------------------------------------------------------------------------------

    @Test
    void aSecondRequestForAClaimedWindowIsInFlightWhateverItsRefreshId() {
        UUID first = UUID.randomUUID();

        assertThat(oauth.claim(first, window, policy, now).outcome()).isEqualTo(Account.ClaimOutcome.GRANTED);
        assertThat(oauth.claim(UUID.randomUUID(), window, policy, now.plusSeconds(10)).outcome())
                .isEqualTo(Account.ClaimOutcome.IN_FLIGHT);
        // The same refresh redelivered after its worker died mid-call: its message may be out already.
        assertThat(oauth.claim(first, window, policy, now.plusSeconds(20)).outcome())
                .isEqualTo(Account.ClaimOutcome.IN_FLIGHT);
    }

    @Test
    void aLiveClaimOnAnOlderWindowKeepsADispatchForANewerOneInFlight() {
        UUID slow = UUID.randomUUID();
        oauth.claim(slow, window, policy, now);
        // A late report of an earlier refresh moves the known window on while this one is still out.
        Instant moved = window.plusSeconds(15);
        oauth.applyWindow(message(oauth, UUID.randomUUID(), window, moved), policy, now.plusSeconds(1));

        Account.Claim newer = oauth.claim(UUID.randomUUID(), moved, policy, moved.plusSeconds(1));

        assertThat(newer.outcome()).isEqualTo(Account.ClaimOutcome.IN_FLIGHT);
        assertThat(newer.refreshId()).isEqualTo(slow);
    }

    @Test
    void theRefreshThatTookAClaimIsInFlightWhenItAsksAgainAfterTheClaimExpired() {
        UUID slow = UUID.randomUUID();
        oauth.claim(slow, window, policy, now);
        Instant expired = now.plus(policy.claimLifetime()).plusSeconds(1);

        // Its redelivery must not claim again under the same id: the first delivery's late report would count.
        Account.Claim again = oauth.claim(slow, window, policy, expired);
        Account.Claim redispatch = oauth.claim(UUID.randomUUID(), window, policy, expired);

        assertThat(again.outcome()).isEqualTo(Account.ClaimOutcome.IN_FLIGHT);
        assertThat(redispatch.outcome()).isEqualTo(Account.ClaimOutcome.GRANTED_VERIFY_FIRST);
    }

    @Test
    void aResultReleasesTheClaimAndTheNextWindowMayBeClaimed() {
        UUID first = UUID.randomUUID();
        oauth.claim(first, window, policy, now);
        Instant next = window.plus(Duration.ofHours(5));

        oauth.applyWindow(message(oauth, first, window, next), policy, now.plusSeconds(1));

        assertThat(oauth.claim(UUID.randomUUID(), next, policy, next.plusSeconds(1)).outcome())
                .isEqualTo(Account.ClaimOutcome.GRANTED);
    }

    @Test
    void anExpiredOAuthClaimIsGrantedAgainOnlyToVerifyFirst() {
        oauth.claim(UUID.randomUUID(), window, policy, now);

        Account.Claim again = oauth.claim(UUID.randomUUID(), window, policy, now.plus(policy.claimLifetime()));

        assertThat(again.outcome()).isEqualTo(Account.ClaimOutcome.GRANTED_VERIFY_FIRST);
    }

    @Test
    void aVerificationThatCouldNotBeMadeIsTakenAsSentInsteadOfRetriedEveryMinute() {
        oauth.claim(UUID.randomUUID(), window, policy, now);
        UUID verifying = UUID.randomUUID();
        now = now.plus(policy.claimLifetime());
        oauth.claim(verifying, window, policy, now);

        var effect = oauth.recordFailure(failure(oauth, verifying, window, FailureKind.UNAVAILABLE, null), policy, now);

        assertThat(effect).isEqualTo(Account.FailureEffect.TAKEN_AS_SENT);
        assertThat(oauth.consecutiveFailures()).isZero();
        assertThat(oauth.lastRefreshOutcome()).isEqualTo("ASSUMED_SENT");
        assertThat(oauth.rateLimitReset()).isEqualTo(now.plus(policy.estimatedWindow()));
        assertThat(oauth.nextRefreshAt()).isEqualTo(now.plus(policy.estimatedWindow()).plus(policy.grace()));
    }

    @Test
    void anUnavailableAnswerOutsideAVerificationOnlyWaits() {
        UUID first = UUID.randomUUID();
        oauth.claim(first, window, policy, now);

        var effect = oauth.recordFailure(failure(oauth, first, window, FailureKind.UNAVAILABLE, null), policy, now);

        assertThat(effect).isEqualTo(Account.FailureEffect.RETRYING_LATER);
        assertThat(oauth.nextRefreshAt()).isEqualTo(now.plus(policy.unavailableRetryDelay()));
        assertThat(oauth.claim(UUID.randomUUID(), window, policy, now.plus(Duration.ofMinutes(1))).outcome())
                .isEqualTo(Account.ClaimOutcome.GRANTED);
    }

    @Test
    void aRefusalTheAccountDoesNotShowWaitsTheProbeIntervalAndANewEndpointTriesAtOnce() {
        UUID refused = UUID.randomUUID();
        apiKey.claim(refused, window, policy, now);

        var effect = apiKey.recordFailure(failure(apiKey, refused, window, FailureKind.NOT_ELIGIBLE, null), policy, now);

        // Not asked again at every lease for as long as, say, its endpoint is off the allow-list.
        assertThat(effect).isEqualTo(Account.FailureEffect.RETRYING_LATER);
        assertThat(apiKey.nextRefreshAt()).isEqualTo(now.plus(policy.probeInterval()));
        assertThat(apiKey.consecutiveFailures()).isZero();

        apiKey.changeCustomEndpoint("https://api.anthropic.com/v1/messages", now.plusSeconds(5));

        assertThat(apiKey.nextRefreshAt()).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void aWindowThatWentThroughTheDatabaseIsStillTheSameWindow() {
        Instant reported = Instant.parse("2026-11-29T19:20:22.450282504Z");

        // PostgreSQL keeps microseconds, rounded: .450282504 is stored as .450283.
        assertThat(WindowClaim.sameWindow(reported, Instant.parse("2026-11-29T19:20:22.450283Z"))).isTrue();
        assertThat(WindowClaim.sameWindow(reported, Instant.parse("2026-11-29T19:20:22.450282Z"))).isTrue();
        assertThat(WindowClaim.sameWindow(reported, reported.plusSeconds(1))).isFalse();
        assertThat(WindowClaim.sameWindow(reported, null)).isFalse();
    }

    @Test
    void anExpiredApiKeyClaimIsTakenAsSentWithAnEstimatedWindowFromTheClaimTime() {
        UUID lost = UUID.randomUUID();
        apiKey.claim(lost, window, policy, now);

        Account.Claim resolved = apiKey.claim(UUID.randomUUID(), window, policy, now.plus(policy.claimLifetime()));

        assertThat(resolved.outcome()).isEqualTo(Account.ClaimOutcome.TAKEN_AS_SENT);
        assertThat(resolved.refreshId()).isEqualTo(lost);
        assertThat(apiKey.rateLimitReset()).isEqualTo(now.plus(policy.estimatedWindow()));
        assertThat(apiKey.nextRefreshAt()).isEqualTo(now.plus(policy.estimatedWindow()).plus(policy.grace()));
        assertThat(apiKey.lastRefreshOutcome()).isEqualTo("ASSUMED_SENT");
    }

    @Test
    void noMoreClaimsThanTheHourlyBudgetAndTheNextAttemptWaitsForTheOldestToAge() {
        Instant start = now;
        for (int i = 0; i < policy.maxMessagesPerHour(); i++) {
            // Each after the one before has expired: a live claim keeps any other in flight.
            Instant at = start.plus(policy.claimLifetime().multipliedBy(i));
            assertThat(apiKey.claim(UUID.randomUUID(), Instant.ofEpochSecond(i), policy, at).outcome())
                    .isEqualTo(Account.ClaimOutcome.GRANTED);
        }

        Account.Claim refused = apiKey.claim(UUID.randomUUID(), Instant.ofEpochSecond(99), policy,
                start.plus(Duration.ofMinutes(30)));

        assertThat(refused.outcome()).isEqualTo(Account.ClaimOutcome.OVER_BUDGET);
        assertThat(refused.at()).isEqualTo(start.plus(Duration.ofHours(1)));
        assertThat(apiKey.nextRefreshAt()).isAfterOrEqualTo(start.plus(Duration.ofHours(1)));
        assertThat(apiKey.claim(UUID.randomUUID(), Instant.ofEpochSecond(99), policy,
                start.plus(Duration.ofHours(1)).plusMillis(1)).outcome()).isEqualTo(Account.ClaimOutcome.GRANTED);
    }

    @Test
    void aClaimUnderWhichNothingWasSentDoesNotCountTowardTheBudget() {
        Instant start = now;
        for (int i = 0; i < policy.maxMessagesPerHour() + 3; i++) {
            UUID refresh = UUID.randomUUID();
            // Each after the one before has expired: a live claim keeps any other in flight.
            Instant at = start.plus(policy.claimLifetime().multipliedBy(i));
            assertThat(apiKey.claim(refresh, window, policy, at).outcome()).isEqualTo(Account.ClaimOutcome.GRANTED);
            // Nothing was sent: our own side was unavailable.
            apiKey.recordFailure(failure(apiKey, refresh, window, FailureKind.UNAVAILABLE, null), policy, at);
        }
    }

    // ---- stale results -----------------------------------------------------------------------------------

    @Test
    void aStaleFailureAfterTheWindowMovedChangesNothing() {
        UUID slow = UUID.randomUUID();
        oauth.claim(slow, window, policy, now);
        // Its claim expired; the verifying attempt found the window and moved it.
        UUID verifying = UUID.randomUUID();
        Instant later = now.plus(policy.claimLifetime());
        oauth.claim(verifying, window, policy, later);
        Instant next = window.plus(Duration.ofHours(5));
        oauth.applyWindow(message(oauth, verifying, window, next), policy, later);
        Instant due = oauth.nextRefreshAt();

        var effect = oauth.recordFailure(failure(oauth, slow, window, FailureKind.UPSTREAM, 500), policy, later);

        assertThat(effect).isEqualTo(Account.FailureEffect.STALE);
        assertThat(oauth.rateLimitReset()).isEqualTo(next);
        assertThat(oauth.nextRefreshAt()).isEqualTo(due);
        assertThat(oauth.consecutiveFailures()).isZero();
        assertThat(oauth.lastRefreshOutcome()).isEqualTo("SUCCESS");
    }

    @Test
    void aStaleAuthFailureDoesNotBlockCredentialsThatWereJustReplaced() {
        UUID old = UUID.randomUUID();
        oauth.claim(old, window, policy, now);
        oauth.replaceCredentials(new Credentials.OAuth("at-new", "rt-new", now.plus(Duration.ofHours(8))), policy, now);

        var effect = oauth.recordFailure(failure(oauth, old, window, FailureKind.AUTH, 401), policy, now);

        assertThat(effect).isEqualTo(Account.FailureEffect.STALE);
        assertThat(oauth.requiresReauth()).isFalse();
        assertThat(oauth.ineligibility()).isNull();
        // The new credentials' own attempt is current again.
        UUID fresh = UUID.randomUUID();
        assertThat(oauth.claim(fresh, window, policy, now).outcome()).isEqualTo(Account.ClaimOutcome.GRANTED);
        assertThat(oauth.recordFailure(failure(oauth, fresh, window, FailureKind.AUTH, 401), policy, now))
                .isEqualTo(Account.FailureEffect.BLOCKED_FOR_REAUTH);
    }

    @Test
    void aStaleResultOfAReplacedClaimOnlyMovesARealWindowForward() {
        UUID slow = UUID.randomUUID();
        oauth.claim(slow, window, policy, now);
        oauth.claim(UUID.randomUUID(), window, policy, now.plus(policy.claimLifetime()));

        var noWindow = oauth.applyWindow(noWindow(oauth, slow), policy, now);
        Instant next = window.plus(Duration.ofHours(5));
        var late = oauth.applyWindow(message(oauth, slow, window, next), policy, now);

        assertThat(noWindow).isEqualTo(Account.WindowChange.STALE);
        assertThat(oauth.noWindowReason()).isNull();
        assertThat(late).isEqualTo(Account.WindowChange.MOVED);
        assertThat(oauth.rateLimitReset()).isEqualTo(next);
    }

    @Test
    void aLateResultCorrectsTheWindowEstimatedWhenItsClaimWasTakenAsSentEvenIfItResetsEarlier() {
        UUID lost = UUID.randomUUID();
        apiKey.claim(lost, window, policy, now);
        Instant resolvedAt = now.plus(policy.claimLifetime());
        apiKey.claim(UUID.randomUUID(), window, policy, resolvedAt);
        Instant reported = now.plusSeconds(1).plus(Duration.ofHours(5)).minusSeconds(30);
        assertThat(reported).isBefore(apiKey.rateLimitReset());

        var late = apiKey.applyWindow(message(apiKey, lost, window, reported), policy, resolvedAt.plusSeconds(1));

        assertThat(late).isEqualTo(Account.WindowChange.MOVED);
        assertThat(apiKey.rateLimitReset()).isEqualTo(reported);
        assertThat(apiKey.nextRefreshAt()).isEqualTo(reported.plus(policy.grace()));
        // Once reported, a window only moves forward again: an older report changes nothing.
        var older = apiKey.applyWindow(message(apiKey, UUID.randomUUID(), window, reported.minusSeconds(60)), policy,
                resolvedAt.plusSeconds(2));
        assertThat(older).isNotEqualTo(Account.WindowChange.MOVED);
        assertThat(apiKey.rateLimitReset()).isEqualTo(reported);
    }

    @Test
    void aLateReportOfAWindowThatHasResetAlreadyLeavesTheEstimate() {
        UUID lost = UUID.randomUUID();
        apiKey.claim(lost, window, policy, now);
        Instant resolvedAt = now.plus(policy.claimLifetime());
        apiKey.claim(UUID.randomUUID(), window, policy, resolvedAt);
        Instant estimate = apiKey.rateLimitReset();
        Instant later = resolvedAt.plus(Duration.ofHours(6));

        // Replayed hours late: the window it reports has reset; it says nothing about the one open now.
        apiKey.applyWindow(message(apiKey, lost, window, now.plus(Duration.ofHours(5))), policy, later);

        assertThat(apiKey.rateLimitReset()).isEqualTo(estimate);
    }

    // ---- no usage window ---------------------------------------------------------------------------------

    @Test
    void anAnswerWithoutAUsageWindowStopsMessagesUntilCredentialsChange() {
        UUID refresh = UUID.randomUUID();
        apiKey.claim(refresh, window, policy, now);

        var change = apiKey.applyWindow(noWindow(apiKey, refresh), policy, now);

        assertThat(change).isEqualTo(Account.WindowChange.NO_WINDOW);
        assertThat(apiKey.noWindowReason()).contains("no usage window");
        assertThat(apiKey.nextRefreshAt()).isNull();
        assertThat(apiKey.ineligibility()).isEqualTo("the account has no usage window to keep");
        assertThat(apiKey.lastRefreshOutcome()).isEqualTo("NO_WINDOW");

        apiKey.replaceCredentials(new Credentials.ApiKey("sk-ant-other"), policy, now);
        assertThat(apiKey.noWindowReason()).isNull();
        assertThat(apiKey.ineligibility()).isNull();
        assertThat(apiKey.nextRefreshAt()).isNotNull();
    }

    @Test
    void noUsageWindowEndsWhenTheEndpointChangesOrAutoRefreshIsEnabledAgain() {
        UUID refresh = UUID.randomUUID();
        apiKey.claim(refresh, window, policy, now);
        apiKey.applyWindow(noWindow(apiKey, refresh), policy, now);

        apiKey.changeCustomEndpoint("https://proxy.example.com", now);
        assertThat(apiKey.noWindowReason()).isNull();
        assertThat(apiKey.nextRefreshAt()).isEqualTo(now);

        UUID again = UUID.randomUUID();
        apiKey.claim(again, window, policy, now);
        apiKey.applyWindow(noWindow(apiKey, again), policy, now);
        apiKey.enableAutoRefresh(true, policy, now);
        assertThat(apiKey.noWindowReason()).isNull();
        assertThat(apiKey.ineligibility()).isNull();
    }

    // ---- failure floors ----------------------------------------------------------------------------------

    @Test
    void aRateLimitWithoutAUsableTimeWaitsAtLeastAMinuteAndLongerEachTime() {
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 6; i++) {
            UUID refresh = UUID.randomUUID();
            oauth.claim(refresh, oauth.rateLimitReset(), policy, now);
            // retry-after: 0 reads as "now": no usable time.
            oauth.recordFailure(failure(oauth, refresh, oauth.rateLimitReset(), FailureKind.RATE_LIMITED, 429, now),
                    policy, now);
            Duration wait = Duration.between(now, oauth.nextRefreshAt());
            assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMinutes(1)).isGreaterThan(previous);
            previous = wait;
        }
        assertThat(previous).isLessThanOrEqualTo(policy.rateLimitedLongest().multipliedBy(5).dividedBy(4)
                .plus(policy.grace()));
    }

    @Test
    void aRateLimitResetInThePastOrTooSoonStillWaitsTheFloor() {
        UUID refresh = UUID.randomUUID();
        oauth.claim(refresh, window, policy, now);

        oauth.recordFailure(failure(oauth, refresh, window, FailureKind.RATE_LIMITED, 529, now.plusSeconds(3)),
                policy, now);

        assertThat(oauth.nextRefreshAt()).isAfterOrEqualTo(now.plus(Duration.ofMinutes(1)));
    }

    @Test
    void aRateLimitResetAbsurdlyFarAheadIsClampedAndFlagged() {
        UUID refresh = UUID.randomUUID();
        oauth.claim(refresh, window, policy, now);

        var effect = oauth.recordFailure(failure(oauth, refresh, window, FailureKind.RATE_LIMITED, 429,
                now.plus(Duration.ofDays(3650))), policy, now);

        assertThat(effect).isEqualTo(Account.FailureEffect.WAITING_CLAMPED);
        assertThat(oauth.nextRefreshAt()).isEqualTo(now.plus(policy.rateLimitedLongest()).plus(policy.grace()));
        assertThat(oauth.lastRefreshError()).contains("clamped");
    }

    @Test
    void ourOwnSideUnavailableWaitsButNeverCountsAgainstTheAccount() {
        for (int i = 0; i < 10; i++) {
            UUID refresh = UUID.randomUUID();
            var effect = oauth.recordFailure(failure(oauth, refresh, window, FailureKind.UNAVAILABLE, null), policy,
                    now);
            assertThat(effect).isEqualTo(Account.FailureEffect.RETRYING_LATER);
            assertThat(oauth.nextRefreshAt()).isAfterOrEqualTo(now.plus(policy.unavailableRetryDelay()));
        }
        assertThat(oauth.consecutiveFailures()).isZero();
        assertThat(oauth.paused()).isFalse();
    }

    private static WindowUpdated message(Account account, UUID refreshId, Instant previous, Instant reset) {
        return new WindowUpdated(refreshId, account.id(), previous, reset, "allowed", 10, 200, "m", previous == null
                ? reset.minus(Duration.ofHours(5)) : previous, 100, "w", WindowSource.MESSAGE, UsageCheck.SKIPPED);
    }

    private WindowUpdated noWindow(Account account, UUID refreshId) {
        return new WindowUpdated(refreshId, account.id(), window, null, null, null, 200, "m", now, 100, "w",
                WindowSource.NO_WINDOW, UsageCheck.SKIPPED);
    }

    private RefreshFailed failure(Account account, UUID refreshId, Instant windowResetAt, FailureKind kind,
            Integer status) {
        return failure(account, refreshId, windowResetAt, kind, status, null);
    }

    private RefreshFailed failure(Account account, UUID refreshId, Instant windowResetAt, FailureKind kind,
            Integer status, Instant retryAfter) {
        return new RefreshFailed(refreshId, account.id(), windowResetAt, kind, status, kind.name(), retryAfter, now,
                "w");
    }
}
