package dev.autorefresh.api.oauth;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure an OAuth account's access token is good for a while before a worker gets it.
 *
 * <p>The token endpoint rotates the refresh token, so its answer must never be lost and never be asked for twice
 * with the same refresh token. A rotation therefore runs in three steps: under the account's row lock, a durable
 * marker is set and committed; the token endpoint is called with no transaction and no lock held; under the row
 * lock again, the new tokens are stored and the marker cleared, retried on transient database errors. A second
 * lookup for the same account meanwhile sees the marker and waits (up to the token request's timeout) for the
 * outcome, never starting a rotation of its own. A marker that outlives its deadline means the process died or
 * the new tokens could not be stored: the account is shown as "token rotation interrupted" and gets nothing more
 * until a person replaces its credentials (docs/guarantees.md, "OAuth token rotation").
 */
@Service
public class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    /** How often a lookup that waits for another one's rotation looks again. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final AccountRepository accounts;
    private final TokenEndpoint endpoint;
    private final OAuthSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    // Storing the outcome is safe to repeat: it checks the marker first. About 4 s in all, well under the grace.
    private final RetryTemplate storeRetry = new RetryTemplate(RetryPolicy.builder()
            .includes(TransientDataAccessException.class, RecoverableDataAccessException.class,
                    DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
                    TransactionSystemException.class)
            .maxRetries(4)
            .delay(Duration.ofMillis(100))
            .multiplier(3)
            .maxDelay(Duration.ofSeconds(3))
            .build());

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

    /** What the locked first step decided. */
    private sealed interface Step {
        record Done(Freshness freshness) implements Step {
        }

        /** Another lookup's rotation is in flight. */
        record Wait() implements Step {
        }

        /** The marker is committed; the token endpoint may be called. */
        record Rotate(Instant startedAt, String refreshToken, String accountName) implements Step {
            @Override
            public String toString() {
                return "Rotate[" + accountName + ", startedAt=" + startedAt + "]";
            }
        }
    }

    /** The account's access token, refreshed first if it is expired or expires within the margin. */
    public Freshness fresh(Account account) {
        if (!(account.credentials() instanceof Credentials.OAuth oauth)) {
            throw new IllegalArgumentException(account + " has no OAuth tokens");
        }
        if (!expiring(account) && !account.tokenRotationInterrupted(clock.instant())) {
            return new Freshness.Fresh(account, oauth.accessToken());
        }
        long waitUntil = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            Step step = transactions.execute(status -> begin(account.id()));
            switch (step) {
                case Step.Done done -> {
                    return done.freshness();
                }
                case Step.Rotate rotate -> {
                    return rotate(account.id(), rotate);
                }
                case Step.Wait ignored -> {
                    if (System.nanoTime() - waitUntil >= 0 || !pause()) {
                        return new Freshness.RetryLater("another lookup is refreshing this account's OAuth token");
                    }
                }
            }
        }
    }

    private Step begin(UUID accountId) {
        Optional<Account> locked = accounts.findForUpdate(accountId);
        if (locked.isEmpty()) {
            return new Step.Done(new Freshness.NotEligible("the account was deleted"));
        }
        Account account = locked.get();
        Instant now = clock.instant();
        if (account.tokenRotationOverdue(now)) {
            account.interruptTokenRotation("no outcome stored within " + rotationWindow().toSeconds()
                    + " s of calling the token endpoint", now);
            afterCommit(() -> log.error("Auto-refresh blocked for account {}: {}; replace its credentials",
                    account.name(), Account.ROTATION_INTERRUPTED));
        }
        // Whoever held the lock before us may have refreshed the token, blocked the account, or a person may have
        // changed it: decide again on what is stored now.
        String ineligible = account.ineligibility();
        if (ineligible != null) {
            return new Step.Done(new Freshness.NotEligible(ineligible));
        }
        var current = (Credentials.OAuth) account.credentials();
        if (!expiring(account)) {
            return new Step.Done(new Freshness.Fresh(account, current.accessToken()));
        }
        if (account.tokenRotationInFlight(now)) {
            return new Step.Wait();
        }
        if (current.refreshToken() == null) {
            if (current.expiresAt().isAfter(now)) {
                return new Step.Done(new Freshness.Fresh(account, current.accessToken())); // nothing to refresh with
            }
            return new Step.Done(block(account, "the access token expired and no refresh token is stored", now));
        }
        // The column keeps microseconds; the marker is compared after a round trip, so it must survive one.
        Instant startedAt = now.truncatedTo(ChronoUnit.MICROS);
        account.startTokenRotation(startedAt, startedAt.plus(rotationWindow()));
        return new Step.Rotate(startedAt, current.refreshToken(), account.name());
    }

    private Freshness rotate(UUID accountId, Step.Rotate rotate) {
        // No transaction and no lock are held here: the marker keeps other lookups for this account waiting.
        TokenResponse response = endpoint.refresh(rotate.refreshToken());
        try {
            return storeRetry.invoke(() -> transactions.execute(status -> store(accountId, rotate, response)));
        } catch (DataAccessException | TransactionException storeFailed) {
            return storeFailed(accountId, rotate, response, storeFailed);
        }
    }

    private Freshness store(UUID accountId, Step.Rotate rotate, TokenResponse response) {
        Optional<Account> locked = accounts.findForUpdate(accountId);
        if (locked.isEmpty()) {
            return new Freshness.NotEligible("the account was deleted");
        }
        Account account = locked.get();
        Instant now = clock.instant();
        if (!account.ownsTokenRotation(rotate.startedAt())) {
            // A person replaced the credentials meanwhile (their tokens win), or the rotation was judged interrupted.
            afterCommit(() -> log.warn("Dropped the outcome of an OAuth token refresh for account {}: its credentials "
                    + "changed or the refresh was judged interrupted meanwhile", account.name()));
            String ineligible = account.ineligibility();
            return new Freshness.NotEligible(ineligible != null ? ineligible
                    : "the credentials changed while their token was being refreshed");
        }
        return switch (response) {
            case TokenResponse.Issued issued -> {
                Instant expiresAt = now.plus(issued.expiresIn());
                account.finishTokenRotation(rotate.startedAt(), issued.accessToken(), issued.refreshToken(),
                        expiresAt, now);
                afterCommit(() -> log.info("Refreshed the OAuth access token for account {}; valid until {}",
                        account.name(), expiresAt));
                yield new Freshness.Fresh(account, issued.accessToken());
            }
            case TokenResponse.Rejected rejected -> {
                account.abandonTokenRotation(rotate.startedAt(), now);
                yield block(account, "OAuth token refresh failed: " + rejected.reason(), now);
            }
            case TokenResponse.Failed failed -> {
                account.abandonTokenRotation(rotate.startedAt(), now);
                String reason = "OAuth token refresh failed: " + failed.reason();
                log.warn("Could not refresh the OAuth access token for account {} ({}); retrying with back-off",
                        account.name(), failed.reason());
                yield new Freshness.RetryLater(reason);
            }
        };
    }

    /**
     * The outcome could not be stored even after retries. The marker stays, so the account turns "rotation
     * interrupted" at its deadline whatever happens next; when the database takes a write again right now, say so
     * at once. Either way nothing is handed out: new tokens we could not store are as good as lost.
     */
    private Freshness storeFailed(UUID accountId, Step.Rotate rotate, TokenResponse response, RuntimeException cause) {
        boolean rotated = response instanceof TokenResponse.Issued;
        log.error("Could not store the outcome of the OAuth token refresh for account {} ({}){}",
                rotate.accountName(), cause.getClass().getSimpleName(),
                rotated ? "; the provider rotated the refresh token, so the account needs a re-login" : "");
        if (!rotated) {
            return new Freshness.RetryLater("the outcome of the OAuth token refresh could not be stored");
        }
        try {
            transactions.executeWithoutResult(status -> accounts.findForUpdate(accountId)
                    .filter(account -> account.ownsTokenRotation(rotate.startedAt()))
                    .ifPresent(account -> account.interruptTokenRotation(
                            "the new tokens could not be stored", clock.instant())));
        } catch (DataAccessException | TransactionException stillFailing) {
            log.warn("Could not mark the token rotation of account {} as interrupted yet ({}); it will be at its "
                    + "deadline", rotate.accountName(), stillFailing.getClass().getSimpleName());
        }
        return new Freshness.NotEligible("the account requires re-authentication: " + Account.ROTATION_INTERRUPTED);
    }

    private Freshness block(Account account, String reason, Instant now) {
        account.requireReauthentication(reason, now);
        afterCommit(() -> log.warn("Auto-refresh blocked for account {}: re-authentication required ({})",
                account.name(), reason));
        return new Freshness.NotEligible("the account requires re-authentication: " + reason);
    }

    /** How long a rotation may take before its marker means "interrupted": the call, then storing its outcome. */
    private Duration rotationWindow() {
        return settings.timeout().plus(settings.rotationGrace());
    }

    private boolean expiring(Account account) {
        return account.accessTokenExpiresBefore(clock.instant().plus(settings.refreshMargin()));
    }

    private static boolean pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
