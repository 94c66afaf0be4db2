package dev.autorefresh.api.audit;

import dev.autorefresh.api.json.ApiInstant;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.refusals.NotFound;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail, newest first: one account's (kept after the account is deleted) or every account's. Each item
 * says who, when, what action, and the non-secret fields before and after.
 */
@RestController
class AuditController {

    static final int MAX_LIMIT = 500;
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditController(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @GetMapping("/api/accounts/{id}/audit")
    List<Item> account(@PathVariable String id, @RequestParam(defaultValue = "50") int limit) {
        if (!CANONICAL_UUID.matcher(id).matches()) {
            throw new NotFound("account not found", Map.of("id", id));
        }
        return trail.forAccount(UUID.fromString(id), checked(limit)).stream().map(this::item).toList();
    }

    @GetMapping("/api/audit")
    List<Item> all(@RequestParam(defaultValue = "50") int limit) {
        return trail.latest(checked(limit)).stream().map(this::item).toList();
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequest("limit must be from 1 to " + MAX_LIMIT, Map.of("parameter", "limit"));
        }
        return limit;
    }

    private Item item(AuditEntry entry) {
        return new Item(entry.id(), entry.accountId(), entry.accountName(), entry.actor(), entry.action(),
                json.readTree(entry.changes()), entry.at());
    }

    /** @param changes {"field": {"before": ..., "after": ...}}; a secret appears only as "replaced" */
    record Item(long id, UUID accountId, String accountName, String actor, String action, JsonNode changes,
            @ApiInstant Instant at) {
    }
}
