package dev.autorefresh.api.accounts;

import dev.autorefresh.api.json.ApiInstant;
import dev.autorefresh.api.retention.RetentionSettings;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;

/**
 * One page of an account's refresh attempts, newest first, and how far back they go: attempts recorded before
 * {@code retainedSince} ({@code retentionDays} whole days ago) have been or are about to be deleted.
 */
public record RefreshHistory(List<Item> items, int page, int size, long total, @ApiInstant Instant retainedSince,
        long retentionDays) {

    static final int MAX_SIZE = 200;

    static RefreshHistory of(Page<Item> page, RetentionSettings retention, Instant now) {
        return new RefreshHistory(page.getContent(), page.getNumber(), page.getSize(),
                page.getTotalElements(), retention.refreshAttemptsSince(now), retention.refreshAttempts().toDays());
    }

    /** One attempt as the history shows it. */
    public record Item(
            UUID refreshId,
            String outcome,
            Integer httpStatus,
            String error,
            @ApiInstant Instant previousResetAt,
            @ApiInstant Instant newResetAt,
            String rateLimitStatus,
            Integer rateLimitRemaining,
            String model,
            String workerId,
            Long latencyMs,
            @ApiInstant Instant sentAt,
            @ApiInstant Instant recordedAt,
            String windowSource,
            Integer inputTokens,
            Integer outputTokens) {
    }
}
