package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccountTest {

    private final RefreshPolicy policy = RefreshPolicy.defaults();
    private final Instant now = Instant.parse("2026-11-28T10:00:00Z");
    private final Account account = new Account("primary", "anthropic", new Credentials.ApiKey("sk-ant-secret"), 1,
            null, now.minusSeconds(3600));

    @Test
    void aWindowNeverSeenIsDueAtOnceWhenAutoRefreshIsEnabled() {
        account.enableAutoRefresh(true, policy, now);

        assertThat(account.nextRefreshAt()).isEqualTo(now);
    }

    @Test
    void refusesAutoRefreshAndFallbackOnOtherProviders() {
        var other = new Account("openai-1", "openai", new Credentials.ApiKey("k"), 0, null, now);

        assertThatThrownBy(() -> other.enableAutoRefresh(true, policy, now))
                .isInstanceOf(NotAnthropicException.class)
                .hasMessage("Auto-refresh is only available for Anthropic accounts");
        assertThatThrownBy(() -> other.enableAutoFallback(true, now))
                .hasMessage("Auto-fallback is only available for Anthropic accounts");
        assertThat(other.autoRefreshEnabled()).isFalse();
        other.enableAutoRefresh(false, policy, now);
    }

    @Test
    void aLaterResetMovesTheWindowAndSchedulesTheNextRefreshAfterItsGrace() {
        Instant reset = now.plus(Duration.ofHours(5));

        var change = account.applyWindow(updated(null, reset), policy, now);

        assertThat(change).isEqualTo(Account.WindowChange.MOVED);
        assertThat(account.rateLimitReset()).isEqualTo(reset);
        assertThat(account.nextRefreshAt()).isEqualTo(reset.plusSeconds(1));
        assertThat(account.lastRefreshOutcome()).isEqualTo("SUCCESS");
        assertThat(account.rateLimitStatus()).isEqualTo("allowed_warning");
    }

    @Test
    void aResetOnlyMovesForward() {
        Instant later = now.plus(Duration.ofHours(5));
        account.applyWindow(updated(null, later), policy, now);

        var change = account.applyWindow(updated(null, later.minusSeconds(60)), policy, now);

        assertThat(change).isEqualTo(Account.WindowChange.ALREADY_NEWER);
        assertThat(account.rateLimitReset()).isEqualTo(later);
    }

    @Test
    void aSuccessWithAnUnreadableResetEstimatesTheWindow() {
        account.applyWindow(updated(null, null), policy, now);

        assertThat(account.rateLimitReset()).isEqualTo(now.plus(Duration.ofHours(5)));
    }

    @Test
    void aResetThatDidNotMoveRetriesShortlyAndBoundedly() {
        Instant expired = now.minusSeconds(2);

        for (int retry = 1; retry <= policy.maxUnmovedRetries(); retry++) {
            assertThat(account.applyWindow(updated(expired, expired), policy, now))
                    .isEqualTo(Account.WindowChange.NOT_MOVED);
            assertThat(account.nextRefreshAt()).isEqualTo(now.plusSeconds(5));
        }
        assertThat(account.applyWindow(updated(expired, expired), policy, now)).isEqualTo(Account.WindowChange.GAVE_UP);
        assertThat(account.consecutiveFailures()).isEqualTo(1);
        assertThat(account.nextRefreshAt()).isEqualTo(now.plus(Duration.ofMinutes(1)));
    }

    @Test
    void authFailureBlocksForReauthenticationUntilCredentialsAreReplaced() {
        account.enableAutoRefresh(true, policy, now);

        var effect = account.recordFailure(failed(FailureKind.AUTH, 401, null), policy, now);

        assertThat(effect).isEqualTo(Account.FailureEffect.BLOCKED_FOR_REAUTH);
        assertThat(account.requiresReauth()).isTrue();
        assertThat(account.ineligibility()).contains("re-authentication");

        account.replaceCredentials(new Credentials.ApiKey("sk-ant-new"), policy, now);
        assertThat(account.requiresReauth()).isFalse();
        assertThat(account.ineligibility()).isNull();
    }

    @Test
    void rateLimitedWaitsForTheReportedReset() {
        Instant retryAfter = now.plus(Duration.ofMinutes(42));

        account.recordFailure(failed(FailureKind.RATE_LIMITED, 429, retryAfter), policy, now);

        assertThat(account.rateLimitReset()).isEqualTo(retryAfter);
        assertThat(account.rateLimitStatus()).isEqualTo("rate_limited");
        assertThat(account.nextRefreshAt()).isEqualTo(retryAfter.plusSeconds(1));
        assertThat(account.consecutiveFailures()).isZero();
    }

    @Test
    void upstreamFailuresBackOffAlongTheLadderThenPauseAndProbe() {
        Duration[] expected = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofMinutes(30)};
        for (Duration delay : expected) {
            assertThat(account.recordFailure(failed(FailureKind.UPSTREAM, 500, null), policy, now))
                    .isEqualTo(Account.FailureEffect.BACKING_OFF);
            assertThat(account.nextRefreshAt()).isEqualTo(now.plus(delay));
        }

        assertThat(account.recordFailure(failed(FailureKind.NETWORK, null, null), policy, now))
                .isEqualTo(Account.FailureEffect.PAUSED);
        assertThat(account.paused()).isTrue();
        assertThat(account.pauseReason()).isEqualTo("failure_threshold");
        // Probed no more often than the last back-off step.
        assertThat(account.nextRefreshAt()).isEqualTo(now.plus(Duration.ofHours(1)));

        assertThat(account.recordFailure(failed(FailureKind.UPSTREAM, 503, null), policy, now))
                .isEqualTo(Account.FailureEffect.PROBING);
        assertThat(account.nextRefreshAt()).isEqualTo(now.plus(Duration.ofHours(1)));
    }

    @Test
    void aSuccessfulProbeResumesAnAccountPausedByFailures() {
        account.enableAutoRefresh(true, policy, now);
        for (int i = 0; i < 5; i++) {
            account.recordFailure(failed(FailureKind.UPSTREAM, 500, null), policy, now);
        }
        assertThat(account.ineligibility()).isNull();

        account.applyWindow(updated(null, now.plus(Duration.ofHours(5))), policy, now);

        assertThat(account.paused()).isFalse();
        assertThat(account.pauseReason()).isNull();
        assertThat(account.consecutiveFailures()).isZero();
    }

    @Test
    void aManualPauseMakesTheAccountIneligibleAndSurvivesFailures() {
        account.enableAutoRefresh(true, policy, now);
        account.pause(now);

        for (int i = 0; i < 6; i++) {
            account.recordFailure(failed(FailureKind.UPSTREAM, 500, null), policy, now);
        }

        assertThat(account.pauseReason()).isEqualTo("manual");
        assertThat(account.ineligibility()).isEqualTo("the account is paused");
    }

    @Test
    void refusesAResultForAnotherAccount() {
        var foreign = new WindowUpdated(UUID.randomUUID(), UUID.randomUUID(), null, now, null, null, 200, "m", now, 1,
                "w", null, null);

        assertThatThrownBy(() -> account.applyWindow(foreign, policy, now)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void guardsItsFields() {
        assertThatThrownBy(() -> account.rename("bad/name", now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> account.changePriority(101, now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> account.changeCustomEndpoint("ftp://x", now)).isInstanceOf(IllegalArgumentException.class);
        account.changeCustomEndpoint("", now);
        assertThat(account.customEndpoint()).isNull();
        assertThat(account.name()).isEqualTo("primary");
        assertThat(account.priority()).isEqualTo(1);
    }

    @Test
    void knowsWhenItsAccessTokenExpiresAndAnApiKeyNeverDoes() {
        var oauth = oauth(now.plus(Duration.ofMinutes(3)));

        assertThat(oauth.accessTokenExpiresBefore(now.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(oauth.accessTokenExpiresBefore(now.plus(Duration.ofMinutes(3)))).isTrue();
        assertThat(oauth.accessTokenExpiresBefore(now)).isFalse();
        assertThat(account.accessTokenExpiresBefore(now.plus(Duration.ofDays(3650)))).isFalse();
    }

    @Test
    void aRenewedTokenReplacesAccessTokenRefreshTokenAndExpiryTogether() {
        var oauth = oauth(now.minusSeconds(1));
        Instant later = now.plus(Duration.ofHours(8));

        oauth.renewAccessToken("at-2", "rt-2", later, now);

        assertThat(oauth.credentials()).isEqualTo(new Credentials.OAuth("at-2", "rt-2", later));
        assertThat(oauth.tokenExpiresAt()).isEqualTo(later);
        assertThat(oauth.updatedAt()).isEqualTo(now);
    }

    @Test
    void aRefreshTokenThatWasNotRotatedStays() {
        var oauth = oauth(now.minusSeconds(1));

        oauth.renewAccessToken("at-2", null, now.plusSeconds(3600), now);

        assertThat(((Credentials.OAuth) oauth.credentials()).refreshToken()).isEqualTo("rt-1");
    }

    @Test
    void refusesToRenewAnApiKeyOrToStoreATokenThatIsAlreadyExpired() {
        var oauth = oauth(now.minusSeconds(1));

        assertThatThrownBy(() -> account.renewAccessToken("at-2", "rt-2", now.plusSeconds(60), now))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> oauth.renewAccessToken("at-2", "rt-2", now, now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oauth.renewAccessToken(" ", "rt-2", now.plusSeconds(60), now))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(((Credentials.OAuth) oauth.credentials()).accessToken()).isEqualTo("at-1");
    }

    @Test
    void aRefusedRefreshTokenBlocksUntilNewCredentialsArrive() {
        var oauth = oauth(now.minusSeconds(1));
        oauth.enableAutoRefresh(true, policy, now);

        oauth.requireReauthentication("the token endpoint rejected the refresh token", now);

        assertThat(oauth.requiresReauth()).isTrue();
        assertThat(oauth.ineligibility()).isEqualTo("the account requires re-authentication");
        assertThat(oauth.lastRefreshOutcome()).isEqualTo("AUTH");
        assertThat(oauth.lastRefreshError()).isEqualTo("the token endpoint rejected the refresh token");
        oauth.replaceCredentials(new Credentials.OAuth("at-3", "rt-3", now.plusSeconds(3600)), policy, now);
        assertThat(oauth.requiresReauth()).isFalse();
        assertThat(oauth.ineligibility()).isNull();
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(new Credentials.ApiKey("sk-ant-secret").toString()).doesNotContain("secret");
        assertThat(new Credentials.OAuth("at-secret", "rt-secret", now).toString()).doesNotContain("secret");
    }

    private Account oauth(Instant expiresAt) {
        return new Account("oauth", "anthropic", new Credentials.OAuth("at-1", "rt-1", expiresAt), 0, null,
                now.minusSeconds(3600));
    }

    private WindowUpdated updated(Instant previous, Instant reset) {
        return new WindowUpdated(UUID.randomUUID(), account.id(), previous, reset, "allowed_warning", 3, 200,
                "claude-haiku-4-5", now, 120, "worker-1", reset == null ? WindowSource.ESTIMATED : WindowSource.MESSAGE,
                UsageCheck.SKIPPED);
    }

    private RefreshFailed failed(FailureKind kind, Integer status, Instant retryAfter) {
        return new RefreshFailed(UUID.randomUUID(), account.id(), account.rateLimitReset(), kind, status,
                kind + " " + status, retryAfter, now,
                "worker-1");
    }
}
