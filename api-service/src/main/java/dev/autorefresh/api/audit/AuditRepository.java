package dev.autorefresh.api.audit;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditRepository extends JpaRepository<AuditEntry, Long> {

    List<AuditEntry> findByAccountIdOrderByAtDescIdDesc(UUID accountId, Pageable page);

    List<AuditEntry> findAllByOrderByAtDescIdDesc(Pageable page);
}
