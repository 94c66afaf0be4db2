package dev.autorefresh.api.refresh;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Decides whether a worker may refresh an account now and, if so, hands it what it needs to. */
@Service
class CredentialsIssuer {

    private final AccountRepository accounts;
    private final RefreshAttemptRepository attempts;
    private final Clock clock;

    CredentialsIssuer(AccountRepository accounts, RefreshAttemptRepository attempts, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
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
            case Credentials.OAuth oauth -> CredentialsAnswer.eligible(account, "OAUTH", oauth.accessToken());
        };
    }
}
