package dev.autorefresh.api.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** For workers only, behind the service token; never part of the public API description. */
@RestController
class InternalCredentialsController {

    private static final String BEARER = "Bearer ";

    private final CredentialsIssuer issuer;
    private final InternalSettings settings;
    /**
     * A bulkhead: a burst of due windows sends hundreds of lookups at once, which would otherwise all queue for
     * the connection pool, time out there after 5 s, and starve the results consumers of connections. Fair, so
     * lookups are served in the order they came.
     */
    private final Semaphore turns;
    private final Counter turnedAway;

    InternalCredentialsController(CredentialsIssuer issuer, InternalSettings settings, MeterRegistry meters) {
        this.issuer = issuer;
        this.settings = settings;
        this.turns = new Semaphore(settings.maxConcurrentLookups(), true);
        this.turnedAway = Counter.builder("autorefresh.credentials.lookups.turned.away")
                .description("Credential lookups answered 503 because no lookup turn came free within the wait")
                .register(meters);
    }

    @GetMapping(path = "/internal/accounts/{accountId}/credentials", produces = "application/json")
    ResponseEntity<?> credentials(@PathVariable String accountId, @RequestParam(required = false) String refreshId,
            @RequestParam(required = false) String windowResetAt,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (!settings.enabled()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "internal endpoint disabled: no service token configured");
        }
        if (!authorized(authorization)) {
            return error(HttpStatus.UNAUTHORIZED, "a valid service token is required");
        }
        UUID account;
        UUID refresh;
        Instant window;
        try {
            account = UUID.fromString(accountId);
            refresh = refreshId == null ? null : UUID.fromString(refreshId);
            window = windowResetAt == null || windowResetAt.isBlank() ? null : Instant.parse(windowResetAt);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, "accountId and refreshId must be UUIDs, windowResetAt an ISO instant");
        }
        if (refresh == null) {
            return error(HttpStatus.BAD_REQUEST, "refreshId is required");
        }
        try {
            if (!turns.tryAcquire(settings.lookupWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return busy();
        }
        try {
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(issuer.answer(account, refresh, window));
        } finally {
            turns.release();
        }
    }

    private ResponseEntity<Map<String, Object>> busy() {
        // Counted, not logged: under overload this happens hundreds of times a second.
        turnedAway.increment();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Map.of("error", "too many credential lookups in flight; none free within "
                        + settings.lookupWait().toMillis() + " ms", "details", Map.of()));
    }

    private boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8);
        byte[] expected = settings.serviceToken().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message, "details", Map.of()));
    }
}
