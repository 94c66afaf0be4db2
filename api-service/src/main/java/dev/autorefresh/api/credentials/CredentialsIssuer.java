package dev.autorefresh.api.credentials;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.AllowedEndpoints;
import dev.autorefresh.api.accounts.Credentials;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.api.oauth.AccessTokens;
import dev.autorefresh.api.results.RefreshAttempt;
import dev.autorefresh.api.results.RefreshAttemptRepository;
import dev.autorefresh.api.results.RefreshMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides whether a worker may refresh an account now and, if so, hands it what it needs to, with an OAuth access
 * token refreshed first when it is about to expire. The decision is one short transaction under the account's row
 * lock: it records the claim on the window before the answer says ELIGIBLE, so a second request for the same window
 * (a redelivery, a re-dispatch, a duplicate publish) finds it and is answered IN_FLIGHT (docs/internals.md,
 * "Claims"). A token refresh takes its own transaction and row lock after it, so it never waits while holding
 * another connection.
 */
@Service
class CredentialsIssuer {

    /**
     * OAuth answers made ready at once across all batches (each may call the token endpoint): as many as lookups were
     * served at once before they came in batches.
     */
    static final int TOKEN_CALLS_AT_ONCE = 6;

    private static final Logger log = LoggerFactory.getLogger(CredentialsIssuer.class);

    private final Semaphore tokenCalls = new Semaphore(TOKEN_CALLS_AT_ONCE);
    private final AccountRepository accounts;
    private final RefreshAttemptRepository attempts;
    private final AccessTokens tokens;
    private final AllowedEndpoints allowedEndpoints;
    private final TransactionTemplate decisions;
    private final RefreshPolicy policy;
    private final RefreshMetrics metrics;
    private final AvoidedRefreshes avoided;
    private final Clock clock;

    CredentialsIssuer(AccountRepository accounts, RefreshAttemptRepository attempts, AccessTokens tokens,
            AllowedEndpoints allowedEndpoints, PlatformTransactionManager transactions, RefreshPolicy policy,
            RefreshMetrics metrics, AvoidedRefreshes avoided, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.tokens = tokens;
        this.allowedEndpoints = allowedEndpoints;
        this.decisions = new TransactionTemplate(transactions);
        this.policy = policy;
        this.metrics = metrics;
        this.avoided = avoided;
        this.clock = clock;
    }

    /** One lookup: the account, the refresh asking, and the window it was dispatched for (null: unknown). */
    record Lookup(UUID accountId, UUID refreshId, Instant windowResetAt) {
    }

    CredentialsAnswer answer(UUID accountId, UUID refreshId, Instant windowResetAt) {
        return answerAll(List.of(new Lookup(accountId, refreshId, windowResetAt))).getFirst();
    }

    /**
     * Answers a batch of lookups in their order. The decisions, claims included, are one transaction: the accounts
     * locked in one statement (in id order, so concurrent batches never wait for each other in a cycle), their
     * recorded refreshes read in one, the claims written at its commit. Two lookups for one account in a batch are
     * decided one after the other, like two requests would be.
     */
    List<CredentialsAnswer> answerAll(List<Lookup> lookups) {
        List<Decision> decided = decisions.execute(status -> decideAll(lookups));
        List<CredentialsAnswer> answers = new ArrayList<>(lookups.size());
        if (decided.stream().filter(CredentialsIssuer::isOAuth).count() < 2) {
            for (int i = 0; i < lookups.size(); i++) {
                answers.add(finish(lookups.get(i), decided.get(i)));
            }
            return answers;
        }
        // An OAuth answer may need a call to the token endpoint. A batch's calls go side by side, so the batch is
        // answered in about its slowest call, not their sum; across all batches no more run at once than
        // TOKEN_CALLS_AT_ONCE, so they never take more pooled connections than the lookups did one by one.
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CredentialsAnswer>> pending = new ArrayList<>(lookups.size());
            for (int i = 0; i < lookups.size(); i++) {
                Lookup lookup = lookups.get(i);
                Decision decision = decided.get(i);
                pending.add(isOAuth(decision) ? threads.submit(() -> finishInTurn(lookup, decision))
                        : CompletableFuture.completedFuture(finish(lookup, decision)));
            }
            for (Future<CredentialsAnswer> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering credential lookups", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    private CredentialsAnswer finishInTurn(Lookup lookup, Decision decision) throws InterruptedException {
        tokenCalls.acquire();
        try {
            return finish(lookup, decision);
        } finally {
            tokenCalls.release();
        }
    }

    /** Whether an answer is to be issued for an OAuth account; reads no secret. */
    private static boolean isOAuth(Decision decision) {
        return decision instanceof Decision.Issue issue && issue.account().usesOAuth();
    }

    /**
     * The answer for one lookup. Whatever goes wrong making its credentials ready (a secret that no key decrypts,
     * the database gone while a token is refreshed) is this lookup's alone: it is answered RETRY_LATER and its claim
     * given up, and the other lookups of its batch are answered as decided.
     */
    private CredentialsAnswer finish(Lookup lookup, Decision decision) {
        if (!(decision instanceof Decision.Issue issue)) {
            return ((Decision.Answered) decision).answer();
        }
        CredentialsAnswer answer;
        try {
            answer = switch (issue.account().credentials()) {
                case Credentials.ApiKey key ->
                        CredentialsAnswer.eligible(issue.account(), "API_KEY", key.key(), issue.verifyFirst());
                case Credentials.OAuth oauth -> withFreshToken(issue.account(), issue.verifyFirst());
            };
        } catch (RuntimeException e) {
            log.warn("Could not make the credentials of account {} ready ({}); its claim is given up",
                    lookup.accountId(), e.getClass().getSimpleName());
            answer = CredentialsAnswer.retryLater(lookup.accountId(), "the credentials could not be made ready");
        }
        if (!"ELIGIBLE".equals(answer.status())) {
            // No credentials went out under the claim, so nothing can be sent under it: free it now.
            try {
                decisions.executeWithoutResult(status -> accounts.findForUpdate(lookup.accountId())
                        .ifPresent(account -> account.abandonClaim(lookup.refreshId(), clock.instant())));
            } catch (RuntimeException e) {
                // Left to expire: until then a redelivery is answered IN_FLIGHT, after it the window is resolved.
                log.warn("Could not give up the claim of refresh {} ({}); it expires on its own", lookup.refreshId(),
                        e.getClass().getSimpleName());
            }
        }
        return answer;
    }

    private List<Decision> decideAll(List<Lookup> lookups) {
        Set<UUID> accountIds = new HashSet<>();
        Set<UUID> refreshIds = new HashSet<>();
        lookups.forEach(lookup -> {
            accountIds.add(lookup.accountId());
            refreshIds.add(lookup.refreshId());
        });
        Map<UUID, Account> locked = new HashMap<>();
        accounts.findAllForUpdate(accountIds).forEach(account -> locked.put(account.id(), account));
        Set<UUID> recorded = new HashSet<>(attempts.findRecordedRefreshIds(refreshIds));
        List<Decision> decided = new ArrayList<>(lookups.size());
        for (Lookup lookup : lookups) {
            decided.add(decide(lookup, locked.get(lookup.accountId()), recorded));
        }
        return decided;
    }

    /** Either the answer already, or the account to hand credentials for. */
    private sealed interface Decision {
        record Answered(CredentialsAnswer answer) implements Decision {
        }

        record Issue(Account account, boolean verifyFirst) implements Decision {
        }
    }

    /**
     * @param account  the account, locked; null when it does not exist
     * @param recorded the refreshes with a recorded result, kept current as this batch records some
     */
    private Decision decide(Lookup lookup, Account account, Set<UUID> recorded) {
        UUID accountId = lookup.accountId();
        UUID refreshId = lookup.refreshId();
        Instant windowResetAt = lookup.windowResetAt();
        if (account == null) {
            return new Decision.Answered(CredentialsAnswer.notEligible(accountId, "the account was deleted"));
        }
        if (recorded.contains(refreshId)) {
            return new Decision.Answered(CredentialsAnswer.alreadyRefreshed(accountId,
                    "refresh " + refreshId + " already has a result"));
        }
        String ineligible = account.ineligibility();
        if (ineligible == null && account.customEndpoint() != null
                && !allowedEndpoints.allows(account.customEndpoint())) {
            // Stored before the allow-list was narrowed, or written behind the API's back: the secret stays here.
            ineligible = "custom endpoint " + AllowedEndpoints.origin(account.customEndpoint()) + " is not allowed by "
                    + AllowedEndpoints.SETTING;
        }
        if (ineligible != null) {
            return new Decision.Answered(CredentialsAnswer.notEligible(accountId, ineligible));
        }
        if (account.knowsWindowNewerThan(windowResetAt)) {
            // A newer window than the dispatched one is already known: another refresh got there first. That holds
            // after the newer window has run out too: a dispatch delayed past it (a frozen broker, a slow queue)
            // must not pay into whatever window is open now; the newer window's own dispatch does that.
            return new Decision.Answered(CredentialsAnswer.alreadyRefreshed(accountId,
                    "a newer window resetting at " + account.rateLimitReset() + " is known"));
        }
        Instant now = clock.instant();
        Account.Claim claim = account.claim(refreshId, windowResetAt, policy, now);
        return switch (claim.outcome()) {
            case GRANTED -> new Decision.Issue(account, false);
            case GRANTED_VERIFY_FIRST -> new Decision.Issue(account, true);
            case IN_FLIGHT -> {
                // A duplicate that spends nothing: counted for the cost figures, in this decision's transaction.
                avoided.inFlight(accountId, refreshId, now);
                metrics.avoided(RefreshMetrics.AVOIDED_IN_FLIGHT);
                yield new Decision.Answered(CredentialsAnswer.inFlight(accountId,
                        "refresh " + claim.refreshId() + " claimed this window at " + claim.at()));
            }
            case TAKEN_AS_SENT -> {
                attempts.save(RefreshAttempt.assumedSent(claim.refreshId(), accountId, claim.at(),
                        account.rateLimitReset(), now));
                recorded.add(claim.refreshId());
                metrics.takenAsSent();
                yield new Decision.Answered(CredentialsAnswer.alreadyRefreshed(accountId, "refresh "
                        + claim.refreshId() + " claimed this window at " + claim.at()
                        + " and never reported; taken as sent, window estimated until " + account.rateLimitReset()));
            }
            case OVER_BUDGET -> new Decision.Answered(CredentialsAnswer.notEligible(accountId,
                    "the account's budget of " + policy.maxMessagesPerHour() + " messages an hour is spent; next "
                            + "attempt after " + claim.at()));
        };
    }

    private CredentialsAnswer withFreshToken(Account account, boolean verifyFirst) {
        return switch (tokens.fresh(account)) {
            case AccessTokens.Freshness.Fresh fresh ->
                    CredentialsAnswer.eligible(fresh.account(), "OAUTH", fresh.accessToken(), verifyFirst);
            case AccessTokens.Freshness.NotEligible refused -> CredentialsAnswer.notEligible(account.id(), refused.reason());
            case AccessTokens.Freshness.RetryLater later -> CredentialsAnswer.retryLater(account.id(), later.reason());
        };
    }
}
