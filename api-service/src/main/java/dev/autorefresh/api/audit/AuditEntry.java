package dev.autorefresh.api.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recorded change to an account. Immutable once written. */
@Entity
@Table(name = "account_audit")
class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private UUID accountId;
    private String accountName;
    private String actor;
    private String action;
    private String changes;
    private Instant at;

    protected AuditEntry() {
        // for JPA
    }

    AuditEntry(UUID accountId, String accountName, String actor, String action, String changes, Instant at) {
        this.accountId = accountId;
        this.accountName = accountName;
        this.actor = actor;
        this.action = action;
        this.changes = changes;
        this.at = at;
    }

    Long id() {
        return id;
    }

    UUID accountId() {
        return accountId;
    }

    String accountName() {
        return accountName;
    }

    String actor() {
        return actor;
    }

    String action() {
        return action;
    }

    String changes() {
        return changes;
    }

    Instant at() {
        return at;
    }
}
