package dev.autorefresh.api.web;

import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.json.ApiInstant;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health}: is the service able to reach its accounts? Open to anyone (the guide's monitoring command
 * carries no token), so the number of accounts is told only to a signed-in caller.
 */
@RestController
class HealthController {

    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final AccountRepository accounts;
    private final Clock clock;

    HealthController(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/health")
    ResponseEntity<Health> health(Principal caller) {
        Instant now = clock.instant();
        try {
            long count = accounts.count();
            return ResponseEntity.ok(new Health("ok", caller == null ? null : count, "up", now));
        } catch (DataAccessException | TransactionException e) {
            // Reported, not rethrown: "unhealthy" is this endpoint's answer, not its failure.
            log.warn("Health check: database unreachable ({})", e.getClass().getSimpleName());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Health("unhealthy", null, "down", now));
        }
    }

    /** @param accounts the number of accounts, null when the database could not be asked or the caller is anonymous */
    record Health(String status, Long accounts, String database, @ApiInstant Instant timestamp) {
    }
}
