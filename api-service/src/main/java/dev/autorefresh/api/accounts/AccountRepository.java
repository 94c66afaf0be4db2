package dev.autorefresh.api.accounts;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface AccountRepository extends JpaRepository<Account, UUID> {

    List<Account> findAllByOrderByPriorityAscNameAsc();

    boolean existsByName(String name);

    long countByAutoRefreshEnabledTrue();

    /** For applying a result: results for one account are applied one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Account a where a.id = :id")
    Optional<Account> findForUpdate(UUID id);

    /**
     * For applying a batch of results: every account of the batch, locked in the order of their ids, so two batches
     * sharing accounts never wait for each other in a cycle.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Account a where a.id in :ids order by a.id")
    List<Account> findAllForUpdate(Collection<UUID> ids);
}
