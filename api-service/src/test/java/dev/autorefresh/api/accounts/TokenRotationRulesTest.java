package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenRotationRulesTest {

    private final Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final Instant deadline = now.plusSeconds(35);
    private final Account account = oauthAccount();

    private Account oauthAccount() {
        var oauth = new Account("oauth", "anthropic", new Credentials.OAuth("access", "refresh", now.plusSeconds(60)),
                0, null, now);
        oauth.enableAutoRefresh(true, RefreshPolicy.defaults(), now);
        return oauth;
    }

    @Test
    void aStartedRotationIsInFlightUntilItsDeadlineThenInterrupted() {
        account.startTokenRotation(now, deadline);

        assertThat(account.tokenRotationInFlight(now.plusSeconds(34))).isTrue();
        assertThat(account.tokenRotationInterrupted(now.plusSeconds(34))).isFalse();
        assertThat(account.tokenRotationInFlight(deadline)).isFalse();
        assertThat(account.tokenRotationOverdue(deadline)).isTrue();
        assertThat(account.tokenRotationInterrupted(deadline)).isTrue();
        // Overdue is only seen, not yet stored: the account is still eligible until a lookup marks it.
        assertThat(account.ineligibility()).isNull();
    }

    @Test
    void aSecondRotationCannotStartWhileOneIsInFlight() {
        account.startTokenRotation(now, deadline);

        assertThatThrownBy(() -> account.startTokenRotation(now.plusSeconds(1), deadline.plusSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void finishingStoresTheRotatedTokensAndClearsTheMarker() {
        account.startTokenRotation(now, deadline);

        account.finishTokenRotation(now, "new-access", "new-refresh", now.plus(Duration.ofHours(8)), now.plusSeconds(1));

        assertThat(account.credentials()).isEqualTo(new Credentials.OAuth("new-access", "new-refresh",
                now.plus(Duration.ofHours(8))));
        assertThat(account.ownsTokenRotation(now)).isFalse();
        assertThat(account.tokenRotationInterrupted(now.plus(Duration.ofDays(1)))).isFalse();
    }

    @Test
    void onlyTheRotationThatSetTheMarkerMayFinishIt() {
        account.startTokenRotation(now, deadline);

        assertThatThrownBy(() -> account.finishTokenRotation(now.plusMillis(1), "a", "r", now.plusSeconds(3600), now))
                .isInstanceOf(IllegalStateException.class);
        assertThat(((Credentials.OAuth) account.credentials()).accessToken()).isEqualTo("access");
    }

    @Test
    void anInterruptedRotationBlocksTheAccountWithItsOwnReasonUntilTheCredentialsAreReplaced() {
        account.startTokenRotation(now, deadline);

        account.interruptTokenRotation("no outcome stored", deadline);

        assertThat(account.requiresReauth()).isTrue();
        assertThat(account.ineligibility()).contains("token rotation interrupted: re-login needed");
        assertThat(account.lastRefreshError()).isEqualTo("token rotation interrupted: re-login needed "
                + "(no outcome stored)");
        assertThat(account.ownsTokenRotation(now)).isFalse();

        account.replaceCredentials(new Credentials.OAuth("fresh", "fresh-refresh", now.plus(Duration.ofHours(8))),
                RefreshPolicy.defaults(), deadline.plusSeconds(60));

        assertThat(account.tokenRotationInterrupted(deadline.plusSeconds(60))).isFalse();
        assertThat(account.requiresReauth()).isFalse();
        assertThat(account.ineligibility()).isNull();
    }

    @Test
    void replacingTheCredentialsDropsARotationStillInFlight() {
        account.startTokenRotation(now, deadline);

        account.replaceCredentials(new Credentials.OAuth("fresh", "fresh-refresh", now.plus(Duration.ofHours(8))),
                RefreshPolicy.defaults(), now.plusSeconds(1));

        assertThat(account.ownsTokenRotation(now)).isFalse();
        assertThat(account.tokenRotationInterrupted(deadline.plusSeconds(60))).isFalse();
    }

    @Test
    void apiKeyAccountsHaveNoRotation() {
        var apiKey = new Account("key", "anthropic", new Credentials.ApiKey("sk-ant-api03-x"), 0, null, now);

        assertThatThrownBy(() -> apiKey.startTokenRotation(now, deadline)).isInstanceOf(IllegalStateException.class);
    }
}
