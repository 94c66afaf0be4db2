package dev.autorefresh.api.refresh;

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

    /** @param outcome SUCCESS, UNCHANGED (the window had not rolled yet) */
    static RefreshAttempt of(WindowUpdated result, String outcome, Instant newResetAt, Instant now) {
        var attempt = new RefreshAttempt(result.refreshId(), result.accountId(), outcome, result.sentAt(), now);
        attempt.httpStatus = result.httpStatus();
        attempt.previousResetAt = result.previousResetAt();
        attempt.newResetAt = newResetAt;
        attempt.rateLimitStatus = result.rateLimitStatus();
        attempt.rateLimitRemaining = result.rateLimitRemaining();
        attempt.model = truncate(result.model(), 100);
        attempt.workerId = truncate(result.workerId(), 200);
        attempt.latencyMs = result.latencyMs();
        return attempt;
    }

    static RefreshAttempt of(RefreshFailed failure, Instant now) {
        var attempt = new RefreshAttempt(failure.refreshId(), failure.accountId(), failure.kind().name(),
                failure.sentAt(), now);
        attempt.httpStatus = failure.httpStatus();
        attempt.error = truncate(failure.reason(), 500);
        attempt.newResetAt = failure.retryAfter();
        attempt.workerId = truncate(failure.workerId(), 200);
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
}
