package dev.autorefresh.api.refresh;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface RefreshAttemptRepository extends JpaRepository<RefreshAttempt, Long> {

    boolean existsByRefreshId(UUID refreshId);

    Page<RefreshAttempt> findByAccountIdOrderBySentAtDescIdDesc(UUID accountId, Pageable page);

    /** Refreshes recorded since a time, counted by outcome: [outcome, count]. */
    @Query("select r.outcome, count(r) from RefreshAttempt r where r.recordedAt >= :since group by r.outcome")
    List<Object[]> countByOutcomeSince(Instant since);
}
