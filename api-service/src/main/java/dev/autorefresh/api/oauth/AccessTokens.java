package dev.autorefresh.api.oauth;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an OAuth account's access token is good for a while before a worker gets it.
 *
 * <p>A token that is expired or expires within the margin is refreshed under the account's row lock, with the
 * token endpoint called while the lock is held. That is deliberate: the endpoint rotates the refresh token, so a
 * second request for the same account must wait for the first one's result and use it, never send the old refresh
 * token again. Only requests for that one account wait, for at most the token request's timeout; every other
 * account goes on, and the cost is one pooled connection held per account being refreshed at that moment.
 */
@Service
public class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    private final AccountRepository accounts;
    private final TokenEndpoint endpoint;
    private final OAuthSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccessTokens(AccountRepository accounts, TokenEndpoint endpoint, OAuthSettings settings,
            TransactionTemplate transactions, Clock clock) {
        this.accounts = accounts;
        this.endpoint = endpoint;
        this.settings = settings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What a worker may be handed for an OAuth account. */
    public sealed interface Freshness {
        /** @param account the account as it is now, with an access token that outlives the margin */
        record Fresh(Account account, String accessToken) implements Freshness {
            @Override
            public String toString() {
                return "Fresh[" + account + "]";
            }
        }

        /** Not to be refreshed now: blocked for re-authentication (perhaps just now), disabled, or gone. */
        record NotEligible(String reason) implements Freshness {
        }

        /** The token could not be refreshed this time (network, 5xx); the usual back-off decides when to retry. */
        record RetryLater(String reason) implements Freshness {
        }
    }

    /** The account's access token, refreshed first if it is expired or expires within the margin. */
    public Freshness fresh(Account account) {
        if (!(account.credentials() instanceof Credentials.OAuth oauth)) {
            throw new IllegalArgumentException(account + " has no OAuth tokens");
        }
        if (!expiring(account)) {
            return new Freshness.Fresh(account, oauth.accessToken());
        }
        return transactions.execute(status -> refreshLocked(account.id()));
    }

    private Freshness refreshLocked(UUID accountId) {
        Optional<Account> locked = accounts.findForUpdate(accountId);
        if (locked.isEmpty()) {
            return new Freshness.NotEligible("the account was deleted");
        }
        Account account = locked.get();
        // Whoever held the lock before us may have refreshed the token, blocked the account, or a person may have
        // changed it: decide again on what is stored now.
        String ineligible = account.ineligibility();
        if (ineligible != null) {
            return new Freshness.NotEligible(ineligible);
        }
        var current = (Credentials.OAuth) account.credentials();
        if (!expiring(account)) {
            return new Freshness.Fresh(account, current.accessToken());
        }
        Instant now = clock.instant();
        if (current.refreshToken() == null) {
            if (current.expiresAt().isAfter(now)) {
                return new Freshness.Fresh(account, current.accessToken()); // nothing to refresh with; still valid
            }
            return block(account, "the access token expired and no refresh token is stored", now);
        }
        return switch (endpoint.refresh(current.refreshToken())) {
            case TokenResponse.Issued issued -> {
                Instant expiresAt = now.plus(issued.expiresIn());
                account.renewAccessToken(issued.accessToken(), issued.refreshToken(), expiresAt, now);
                afterCommit(() -> log.info("Refreshed the OAuth access token for account {}; valid until {}",
                        account.name(), expiresAt));
                yield new Freshness.Fresh(account, issued.accessToken());
            }
            case TokenResponse.Rejected rejected -> block(account, "OAuth token refresh failed: " + rejected.reason(), now);
            case TokenResponse.Failed failed -> {
                String reason = "OAuth token refresh failed: " + failed.reason();
                log.warn("Could not refresh the OAuth access token for account {} ({}); retrying with back-off",
                        account.name(), failed.reason());
                yield new Freshness.RetryLater(reason);
            }
        };
    }

    private Freshness block(Account account, String reason, Instant now) {
        account.requireReauthentication(reason, now);
        afterCommit(() -> log.warn("Auto-refresh blocked for account {}: re-authentication required ({})",
                account.name(), reason));
        return new Freshness.NotEligible("the account requires re-authentication: " + reason);
    }

    private boolean expiring(Account account) {
        return account.accessTokenExpiresBefore(clock.instant().plus(settings.refreshMargin()));
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
