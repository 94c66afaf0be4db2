package dev.autorefresh.worker.refresh;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.worker.credentials.Credentials;
import dev.autorefresh.worker.credentials.CredentialsAnswer;
import dev.autorefresh.worker.credentials.CredentialsLookups;
import dev.autorefresh.worker.upstream.AnthropicClient;
import dev.autorefresh.worker.upstream.UpstreamOutcome;
import dev.autorefresh.worker.upstream.UsageAnswer;
import dev.autorefresh.worker.upstream.UsageChecker;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Handles one due refresh: ask the api-service, ask the free usage endpoint whether a window is already open
 * (OAuth accounts), send the dummy message only if not, report what happened.
 */
@Service
public class Refresher {

    private static final Logger log = LoggerFactory.getLogger(Refresher.class);

    private final CredentialsLookups credentials;
    private final AnthropicClient anthropic;
    private final UsageChecker usage;
    private final ResultPublisher results;
    private final String workerId;

    Refresher(CredentialsLookups credentials, AnthropicClient anthropic, UsageChecker usage, ResultPublisher results,
            WorkerSettings settings) {
        this.credentials = credentials;
        this.anthropic = anthropic;
        this.usage = usage;
        this.results = results;
        this.workerId = settings.id();
    }

    /** Returns once the result (if any) is confirmed; throws {@link ResultNotConfirmed} otherwise. */
    public Outcome refresh(RefreshDue due) {
        String name = due.accountName() != null ? due.accountName() : due.accountId().toString();
        return switch (credentials.fetch(due)) {
            case CredentialsAnswer.Eligible eligible -> send(due, name, eligible.credentials(), eligible.verifyFirst());
            case CredentialsAnswer.InFlight inFlight -> {
                // Another delivery of this window holds its claim: a duplicate. Nothing is sent, nothing published.
                log.info("Skipping auto-refresh for account {}: in flight ({})", name, inFlight.reason());
                yield Outcome.inFlight();
            }
            case CredentialsAnswer.AlreadyRefreshed already -> {
                // A redelivery of a refresh that already landed, or a window that already moved on: do nothing.
                log.info("Skipping auto-refresh for account {}: already refreshed ({})", name, already.reason());
                yield Outcome.alreadyRefreshed();
            }
            case CredentialsAnswer.NotEligible notEligible -> {
                log.info("Skipping auto-refresh for account {}: not eligible ({})", name, notEligible.reason());
                yield fail(due, FailureKind.NOT_ELIGIBLE, null, notEligible.reason(), null, Instant.now());
            }
            case CredentialsAnswer.RetryLater later -> {
                // No upstream call was made: our side was not ready, which never counts against the account.
                log.error("Auto-refresh message failed for account {}: {}", name, later.reason());
                yield fail(due, FailureKind.UNAVAILABLE, null, later.reason(), null, Instant.now());
            }
            case CredentialsAnswer.Unavailable unavailable -> {
                // Not the account's fault, but requeueing would spin on a broken api-service; reporting it lets the
                // api-service decide when to try again, without counting it against the account.
                String reason = "credentials unavailable: " + unavailable.reason();
                log.error("Auto-refresh message failed for account {}: {}", name, reason);
                yield fail(due, FailureKind.UNAVAILABLE, null, reason, null, Instant.now());
            }
        };
    }

    /**
     * @param verifyFirst an earlier claim on this window expired without a result, so its message may have gone
     *                    out: send only when the usage check positively shows no open window
     */
    private Outcome send(RefreshDue due, String name, Credentials account, boolean verifyFirst) {
        UsageAnswer checked = usage.check(account, due.windowResetAt());
        if (checked instanceof UsageAnswer.Open open) {
            // Started by the user's own traffic, or by a message of ours whose result was lost: nothing to pay for.
            log.info("Auto-refresh not needed for account {}: a usage window is already open until {}", name,
                    open.resetsAt());
            results.publish(new WindowUpdated(due.refreshId(), due.accountId(), due.windowResetAt(), open.resetsAt(),
                    null, null, open.httpStatus(), null, open.checkedAt(), open.latencyMs(), workerId,
                    WindowSource.USAGE_CHECK, UsageCheck.OPEN));
            return Outcome.windowUpdated();
        }
        if (verifyFirst && !(checked instanceof UsageAnswer.NotOpen)) {
            // The check could not tell (failed, turned off, or an API-key account): paying again might pay twice.
            // Nothing is sent; the api-service takes the earlier attempt as sent.
            String reason = "an earlier attempt on this window may have sent its message; not sending again "
                    + "without a usage check showing no open window (usage check " + checked.verdict() + ")";
            log.warn("Auto-refresh message not sent for account {}: {}", name, reason);
            return fail(due, FailureKind.UNAVAILABLE, null, reason, null, Instant.now());
        }
        log.info("Sending auto-refresh message to account: {}", name);
        return switch (anthropic.send(account)) {
            case UpstreamOutcome.WindowStarted started -> {
                log.info("Auto-refresh message sent successfully for account: {}", name);
                results.publish(new WindowUpdated(due.refreshId(), due.accountId(), due.windowResetAt(),
                        started.newResetAt(), started.rateLimitStatus(), started.rateLimitRemaining(),
                        started.httpStatus(), started.model(), started.sentAt(), started.latencyMs(), workerId,
                        started.source(), checked.verdict(), started.usage().inputTokens(),
                        started.usage().outputTokens()));
                yield Outcome.windowUpdated();
            }
            case UpstreamOutcome.Failed failed -> {
                log.error("Auto-refresh message failed for account {}: {}", name, failed.reason());
                yield fail(due, failed.kind(), failed.httpStatus(), failed.reason(), failed.retryAfter(),
                        failed.sentAt());
            }
        };
    }

    private Outcome fail(RefreshDue due, FailureKind kind, Integer httpStatus, String reason, Instant retryAfter,
            Instant sentAt) {
        results.publish(new RefreshFailed(due.refreshId(), due.accountId(), due.windowResetAt(), kind, httpStatus,
                reason, retryAfter, sentAt, workerId));
        return Outcome.failed(kind);
    }
}
