package dev.autorefresh.api.results;

import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowUpdated;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh result, as recorded. Immutable once written; {@code refreshId} is unique. */
@Entity
@Table(name = "refresh_attempt")
public class RefreshAttempt {

    /** The outcome of the row a claim taken as sent leaves; the refresh's own report, if it ever comes, replaces it. */
    static final String ASSUMED_SENT = "ASSUMED_SENT";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private UUID refreshId;
    private UUID accountId;
    private String outcome;
    private Integer httpStatus;
    private String error;
    private Instant previousResetAt;
    private Instant newResetAt;
    private String rateLimitStatus;
    private Integer rateLimitRemaining;
    private String model;
    private String workerId;
    private Long latencyMs;
    private Instant sentAt;
    private Instant recordedAt;
    private String windowSource;
    private String usageCheck;
    private Instant windowResetAt;
    private boolean applied;
    private Integer inputTokens;
    private Integer outputTokens;

    protected RefreshAttempt() {
        // for JPA
    }

    private RefreshAttempt(UUID refreshId, UUID accountId, String outcome, Instant sentAt, Instant recordedAt) {
        this.refreshId = refreshId;
        this.accountId = accountId;
        this.outcome = outcome;
        this.sentAt = sentAt;
        this.recordedAt = recordedAt;
    }

    /**
     * @param outcome SUCCESS, UNCHANGED (the window had not rolled yet), NO_WINDOW, or STALE
     * @param applied false when the result was history only (a replaced or voided claim's)
     */
    static RefreshAttempt of(WindowUpdated result, String outcome, Instant newResetAt, boolean applied, Instant now) {
        var attempt = new RefreshAttempt(result.refreshId(), result.accountId(), outcome, result.sentAt(), now);
        attempt.windowSource = result.source().name();
        attempt.usageCheck = result.usageCheck().name();
        attempt.windowResetAt = result.previousResetAt();
        attempt.applied = applied;
        attempt.httpStatus = result.httpStatus();
        attempt.previousResetAt = result.previousResetAt();
        attempt.newResetAt = newResetAt;
        attempt.rateLimitStatus = result.rateLimitStatus();
        attempt.rateLimitRemaining = result.rateLimitRemaining();
        attempt.model = truncate(result.model(), 100);
        attempt.workerId = truncate(result.workerId(), 200);
        attempt.latencyMs = result.latencyMs();
        attempt.inputTokens = result.inputTokens();
        attempt.outputTokens = result.outputTokens();
        return attempt;
    }

    /** @param applied false when the failure was for a window or claim no longer current: history only */
    static RefreshAttempt of(RefreshFailed failure, boolean applied, Instant now) {
        var attempt = new RefreshAttempt(failure.refreshId(), failure.accountId(), failure.kind().name(),
                failure.sentAt(), now);
        attempt.windowResetAt = failure.windowResetAt();
        attempt.applied = applied;
        attempt.httpStatus = failure.httpStatus();
        attempt.error = truncate(failure.reason(), 500);
        attempt.newResetAt = failure.retryAfter();
        attempt.workerId = truncate(failure.workerId(), 200);
        return attempt;
    }

    /** An API-key account's claim that expired without a result, taken as sent (no message was sent for it now). */
    public static RefreshAttempt assumedSent(UUID claimRefreshId, UUID accountId, Instant claimedAt,
            Instant estimatedReset, Instant now) {
        var attempt = new RefreshAttempt(claimRefreshId, accountId, ASSUMED_SENT, claimedAt, now);
        attempt.windowSource = "ESTIMATED";
        attempt.newResetAt = estimatedReset;
        attempt.error = "claim expired without a result; taken as sent";
        attempt.applied = true;
        return attempt;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    public UUID refreshId() {
        return refreshId;
    }

    public UUID accountId() {
        return accountId;
    }

    public String outcome() {
        return outcome;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    public Instant previousResetAt() {
        return previousResetAt;
    }

    public Instant newResetAt() {
        return newResetAt;
    }

    public String rateLimitStatus() {
        return rateLimitStatus;
    }

    public Integer rateLimitRemaining() {
        return rateLimitRemaining;
    }

    public String model() {
        return model;
    }

    public String workerId() {
        return workerId;
    }

    public Long latencyMs() {
        return latencyMs;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    /** MESSAGE, USAGE_CHECK, ESTIMATED or NO_WINDOW for a success, null for a failure. */
    public String windowSource() {
        return windowSource;
    }

    public String usageCheck() {
        return usageCheck;
    }

    /** The window the refresh was for, as dispatched. */
    public Instant windowResetAt() {
        return windowResetAt;
    }

    /** What the dummy message cost; null when nothing was sent or the worker did not say. */
    public Integer inputTokens() {
        return inputTokens;
    }

    public Integer outputTokens() {
        return outputTokens;
    }

    /** False when the result was kept as history only and changed no state. */
    public boolean applied() {
        return applied;
    }
}
