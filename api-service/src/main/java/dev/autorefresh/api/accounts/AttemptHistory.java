package dev.autorefresh.api.accounts;

import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

/**
 * An account's recorded refresh attempts, as its refresh history shows them. The results feature records the
 * attempts and answers this; accounts owns the question, so it never depends on how results are stored.
 */
public interface AttemptHistory {

    /** Newest first (by the time the message went out, then by the order recorded). */
    Page<RefreshHistory.Item> newestFirst(UUID accountId, Pageable page);
}
