package dev.autorefresh.api.results;

import dev.autorefresh.api.accounts.AttemptHistory;
import dev.autorefresh.api.accounts.RefreshHistory;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/** An account's refresh history read from the attempts this feature records. */
@Component
class RecordedAttemptHistory implements AttemptHistory {

    private final RefreshAttemptRepository attempts;

    RecordedAttemptHistory(RefreshAttemptRepository attempts) {
        this.attempts = attempts;
    }

    @Override
    public Page<RefreshHistory.Item> newestFirst(UUID accountId, Pageable page) {
        return attempts.findByAccountIdOrderBySentAtDescIdDesc(accountId, page).map(RecordedAttemptHistory::item);
    }

    private static RefreshHistory.Item item(RefreshAttempt attempt) {
        return new RefreshHistory.Item(attempt.refreshId(), attempt.outcome(), attempt.httpStatus(), attempt.error(),
                attempt.previousResetAt(), attempt.newResetAt(), attempt.rateLimitStatus(),
                attempt.rateLimitRemaining(), attempt.model(), attempt.workerId(), attempt.latencyMs(),
                attempt.sentAt(), attempt.recordedAt(), attempt.windowSource(), attempt.inputTokens(),
                attempt.outputTokens());
    }
}
