package dev.autorefresh.api.results;

import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.accounts.RefreshPolicy;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowUpdated;
import io.micrometer.observation.Observation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies refresh results to accounts, once each: the refresh id is the idempotency key, and results for one
 * account are applied one at a time under a row lock. Results come in batches, one transaction each: the batch's
 * accounts are locked in one statement (in id order, so concurrent batches never deadlock), its recorded refresh ids
 * read in one, and everything commits or nothing does, so a batch cut off anywhere is redelivered whole and its
 * results that did commit are recognised as duplicates.
 */
@Service
public class RefreshResults {

    private static final Logger log = LoggerFactory.getLogger(RefreshResults.class);

    private final AccountRepository accounts;
    private final RefreshAttemptRepository attempts;
    private final RefreshPolicy policy;
    private final RefreshMetrics metrics;
    private final Clock clock;

    RefreshResults(AccountRepository accounts, RefreshAttemptRepository attempts, RefreshPolicy policy,
            RefreshMetrics metrics, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    public enum Applied { APPLIED, DUPLICATE, ACCOUNT_GONE }

    /**
     * A result to apply and the observation its work belongs to: its scope is open while the result is applied, so
     * the log lines carry the refresh's trace.
     */
    public record Incoming(Object event, Observation observation) {
    }

    /** Applies the results in their order, in one transaction; the answers in the same order. */
    @Transactional
    public List<Applied> applyAll(List<Incoming> batch) {
        return applyInOrder(batch);
    }

    /** One result, in a transaction of its own. */
    @Transactional
    public Applied apply(WindowUpdated result) {
        return applyInOrder(List.of(new Incoming(result, Observation.NOOP))).getFirst();
    }

    /** One failure, in a transaction of its own. */
    @Transactional
    public Applied apply(RefreshFailed failure) {
        return applyInOrder(List.of(new Incoming(failure, Observation.NOOP))).getFirst();
    }

    private List<Applied> applyInOrder(List<Incoming> batch) {
        Set<UUID> accountIds = new HashSet<>();
        Set<UUID> refreshIds = new HashSet<>();
        for (Incoming incoming : batch) {
            switch (incoming.event()) {
                case WindowUpdated updated -> {
                    accountIds.add(updated.accountId());
                    refreshIds.add(updated.refreshId());
                }
                case RefreshFailed failed -> {
                    accountIds.add(failed.accountId());
                    refreshIds.add(failed.refreshId());
                }
                default -> throw new IllegalArgumentException("not a result: " + incoming.event().getClass().getSimpleName());
            }
        }
        Map<UUID, Account> locked = new HashMap<>();
        accounts.findAllForUpdate(accountIds).forEach(account -> locked.put(account.id(), account));
        Set<UUID> recorded = refreshIds.isEmpty() ? new HashSet<>() : new HashSet<>(attempts.findRecordedRefreshIds(refreshIds));
        List<Applied> applied = new ArrayList<>(batch.size());
        List<RefreshAttempt> history = new ArrayList<>(batch.size());
        for (Incoming incoming : batch) {
            try (Observation.Scope scope = incoming.observation().openScope()) {
                applied.add(switch (incoming.event()) {
                    case WindowUpdated updated -> apply(updated, locked.get(updated.accountId()), recorded, history);
                    case RefreshFailed failed -> apply(failed, locked.get(failed.accountId()), recorded, history);
                    default -> throw new IllegalStateException("checked above");
                });
            }
        }
        // One call for the batch's rows: through the repository's proxy one by one, the call itself cost about as
        // much as the insert.
        attempts.saveAll(history);
        return applied;
    }

    private Applied apply(WindowUpdated result, Account account, Set<UUID> recorded, List<RefreshAttempt> history) {
        if (account == null) {
            log.info("Ignoring refresh {} result: account {} no longer exists", result.refreshId(), result.accountId());
            return Applied.ACCOUNT_GONE;
        }
        if (alreadyRecorded(result.refreshId(), true, recorded)) {
            return Applied.DUPLICATE;
        }
        Instant now = clock.instant();
        Account.WindowChange change = account.applyWindow(result, policy, now);
        String outcome = switch (change) {
            case MOVED, ALREADY_NEWER -> "SUCCESS";
            case NOT_MOVED, GAVE_UP -> "UNCHANGED";
            case NO_WINDOW -> "NO_WINDOW";
            case STALE -> "STALE";
        };
        history.add(RefreshAttempt.of(result, outcome, account.rateLimitReset(), change != Account.WindowChange.STALE,
                now));
        metrics.recorded(result, outcome);
        switch (change) {
            case MOVED -> log.info("Updated rate_limit_reset for {} to {}", account.name(), account.rateLimitReset());
            case ALREADY_NEWER -> log.info("Kept rate_limit_reset for {} at {}: the reported reset is older",
                    account.name(), account.rateLimitReset());
            case NOT_MOVED -> log.info("Window for {} has not rolled yet; retrying at {}", account.name(),
                    account.nextRefreshAt());
            case GAVE_UP -> log.warn("Window for {} did not move after {} retries; backing off until {}",
                    account.name(), policy.maxUnmovedRetries(), account.nextRefreshAt());
            case NO_WINDOW -> log.warn("Auto-refresh stopped for account {}: {}", account.name(),
                    account.noWindowReason());
            case STALE -> log.info("Kept refresh {} for {} as history only: its claim was replaced or voided",
                    result.refreshId(), account.name());
        }
        return Applied.APPLIED;
    }

    private Applied apply(RefreshFailed failure, Account account, Set<UUID> recorded, List<RefreshAttempt> history) {
        if (account == null) {
            log.info("Ignoring refresh {} failure: account {} no longer exists", failure.refreshId(),
                    failure.accountId());
            return Applied.ACCOUNT_GONE;
        }
        if (alreadyRecorded(failure.refreshId(), false, recorded)) {
            return Applied.DUPLICATE;
        }
        Instant now = clock.instant();
        Account.FailureEffect effect = account.recordFailure(failure, policy, now);
        history.add(RefreshAttempt.of(failure, effect != Account.FailureEffect.STALE, now));
        metrics.recorded(failure, effect);
        switch (effect) {
            case BLOCKED_FOR_REAUTH -> log.warn("Auto-refresh blocked for account {}: re-authentication required ({})",
                    account.name(), failure.reason());
            case WAITING_FOR_WINDOW -> log.info("Auto-refresh for account {} rate limited; next attempt at {}",
                    account.name(), account.nextRefreshAt());
            case WAITING_CLAMPED -> log.warn("Auto-refresh for account {} rate limited with a reset further ahead than "
                    + "{}; clamped, next attempt at {}", account.name(), policy.rateLimitedLongest(),
                    account.nextRefreshAt());
            case RETRYING_LATER -> log.info("Auto-refresh for account {} could not be attempted ({}); not counted as a "
                    + "failure, next attempt at {}", account.name(), failure.reason(), account.nextRefreshAt());
            case STALE -> log.info("Kept refresh {} failure for {} as history only: its window or claim is no longer "
                    + "current", failure.refreshId(), account.name());
            case BACKING_OFF -> log.info("Auto-refresh for account {} failed {} time(s) in a row; retrying at {}",
                    account.name(), account.consecutiveFailures(), account.nextRefreshAt());
            case PAUSED -> log.warn("Auto-refresh paused for account {} after {} consecutive failures "
                    + "(failure_threshold); probing every {}", account.name(), account.consecutiveFailures(),
                    policy.effectiveProbeInterval());
            case PROBING -> log.info("Auto-refresh probe failed for account {}; next probe at {}", account.name(),
                    account.nextRefreshAt());
            case NONE -> log.info("Auto-refresh skipped for account {}: {}", account.name(), failure.reason());
        }
        return Applied.APPLIED;
    }

    /**
     * Whether the refresh has its result recorded already (a redelivery). A row its claim left when it was taken as
     * sent is no result for a window report ({@code replacesAssumption}): the report that arrives late replaces it,
     * so history shows what upstream answered and a reported window corrects the estimate. A late failure leaves
     * the assumption in place: it could not move the estimated window, and its row would only hide why it stands.
     * {@code recorded} holds the batch's refresh ids that have a row, those this batch wrote included (a result
     * delivered twice into one batch).
     */
    private boolean alreadyRecorded(UUID refreshId, boolean replacesAssumption, Set<UUID> recorded) {
        if (recorded.add(refreshId)) {
            return false;
        }
        if (replacesAssumption && attempts.deleteAssumedSent(refreshId) > 0) {
            log.info("Refresh {} reported after its claim was taken as sent; its report replaces the assumption",
                    refreshId);
            return false;
        }
        log.debug("Refresh {} already recorded; duplicate ignored", refreshId);
        return true;
    }
}
