package dev.autorefresh.api.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records every change a person makes to an account. Joins the caller's transaction, so the entry and the change
 * commit or roll back together. Callers pass non-secret values only; a secret is recorded as "replaced".
 */
@Service
public class AuditTrail {

    /** The value recorded in place of a secret. */
    public static final String REPLACED = "replaced";

    private final AuditRepository entries;
    private final Actor actor;
    private final JsonMapper json;
    private final Clock clock;

    AuditTrail(AuditRepository entries, Actor actor, JsonMapper json, Clock clock) {
        this.entries = entries;
        this.actor = actor;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID accountId, String accountName, String action, Map<String, ?> changes) {
        String who = actor.current();
        entries.save(new AuditEntry(accountId, accountName, who.length() > 200 ? who.substring(0, 200) : who, action,
                json.writeValueAsString(new LinkedHashMap<>(changes)), clock.instant()));
    }

    @Transactional(readOnly = true)
    List<AuditEntry> forAccount(UUID accountId, int limit) {
        return entries.findByAccountIdOrderByAtDescIdDesc(accountId, PageRequest.of(0, limit));
    }

    @Transactional(readOnly = true)
    List<AuditEntry> latest(int limit) {
        return entries.findAllByOrderByAtDescIdDesc(PageRequest.of(0, limit));
    }
}
