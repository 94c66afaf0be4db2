package dev.autorefresh.api.refresh;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.oauth.AccessTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Decides whether a worker may refresh an account now and, if so, hands it what it needs to, with an OAuth access
 * token refreshed first when it is about to expire. Not one transaction: the reads need no snapshot, and a token
 * refresh takes its own transaction and row lock, which must not wait while holding another connection.
 */
@Service
class CredentialsIssuer {

    private final AccountRepository accounts;
    private final RefreshAttemptRepository attempts;
    private final AccessTokens tokens;
    private final Clock clock;

    CredentialsIssuer(AccountRepository accounts, RefreshAttemptRepository attempts, AccessTokens tokens,
            Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.tokens = tokens;
        this.clock = clock;
    }

    CredentialsAnswer answer(UUID accountId, UUID refreshId, Instant windowResetAt) {
        Optional<Account> found = accounts.findById(accountId);
        if (found.isEmpty()) {
            return CredentialsAnswer.notEligible(accountId, "the account was deleted");
        }
        Account account = found.get();
        if (attempts.existsByRefreshId(refreshId)) {
            return CredentialsAnswer.alreadyRefreshed(accountId, "refresh " + refreshId + " already has a result");
        }
        String ineligible = account.ineligibility();
        if (ineligible != null) {
            return CredentialsAnswer.notEligible(accountId, ineligible);
        }
        Instant known = account.rateLimitReset();
        if (known != null && known.isAfter(clock.instant()) && (windowResetAt == null || known.isAfter(windowResetAt))) {
            // A newer window than the dispatched one is already known: another refresh got there first.
            return CredentialsAnswer.alreadyRefreshed(accountId, "a newer window resetting at " + known + " is known");
        }
        return switch (account.credentials()) {
            case Credentials.ApiKey key -> CredentialsAnswer.eligible(account, "API_KEY", key.key());
            case Credentials.OAuth oauth -> withFreshToken(account);
        };
    }

    private CredentialsAnswer withFreshToken(Account account) {
        return switch (tokens.fresh(account)) {
            case AccessTokens.Freshness.Fresh fresh ->
                    CredentialsAnswer.eligible(fresh.account(), "OAUTH", fresh.accessToken());
            case AccessTokens.Freshness.NotEligible refused -> CredentialsAnswer.notEligible(account.id(), refused.reason());
            case AccessTokens.Freshness.RetryLater later -> CredentialsAnswer.retryLater(account.id(), later.reason());
        };
    }
}
