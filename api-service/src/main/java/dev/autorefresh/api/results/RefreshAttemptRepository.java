package dev.autorefresh.api.results;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface RefreshAttemptRepository extends JpaRepository<RefreshAttempt, Long> {

    /**
     * Which of these refreshes have a row already: one statement for a whole batch of results or lookups. A written
     * query, not a derived one: a derived query is built again on every call, and this one is hot.
     */
    @Query("select distinct r.refreshId from RefreshAttempt r where r.refreshId in :refreshIds")
    Set<UUID> findRecordedRefreshIds(Collection<UUID> refreshIds);

    /**
     * Removes the row a claim taken as sent left for {@code refreshId}, so that the refresh's own late report takes
     * its place. A bulk statement, run at once: the report's row is inserted after it in the same transaction.
     */
    @Modifying
    @Query("delete from RefreshAttempt r where r.refreshId = :refreshId and r.outcome = '" + RefreshAttempt.ASSUMED_SENT + "'")
    int deleteAssumedSent(UUID refreshId);

    Page<RefreshAttempt> findByAccountIdOrderBySentAtDescIdDesc(UUID accountId, Pageable page);

    /** Refreshes recorded since a time, counted by outcome: [outcome, count]. */
    @Query("select r.outcome, count(r) from RefreshAttempt r where r.recordedAt >= :since group by r.outcome")
    List<Object[]> countByOutcomeSince(Instant since);
}
