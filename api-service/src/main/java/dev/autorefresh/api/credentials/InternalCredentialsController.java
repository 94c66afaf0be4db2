package dev.autorefresh.api.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * For workers only, behind the service token; never part of the public API description. A worker asks for one
 * delivery ({@code GET}) or for the deliveries it holds at once ({@code POST /internal/credentials}): one request,
 * one lookup turn and one transaction for the whole batch.
 */
@RestController
class InternalCredentialsController {

    private static final String BEARER = "Bearer ";
    /** The most lookups one request may carry: a batch holds its accounts' row locks until it is decided. */
    static final int MAX_BATCH = 100;

    private final CredentialsIssuer issuer;
    private final JsonMapper json;
    private final InternalSettings settings;
    /**
     * A bulkhead: a burst of due windows sends hundreds of lookups at once, which would otherwise all queue for
     * the connection pool, time out there after 5 s, and starve the results consumers of connections. Fair, so
     * lookups are served in the order they came.
     */
    private final Semaphore turns;
    private final Counter turnedAway;

    InternalCredentialsController(CredentialsIssuer issuer, InternalSettings settings, JsonMapper json,
            MeterRegistry meters) {
        this.issuer = issuer;
        this.json = json;
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
        ResponseEntity<?> refused = refusal(authorization);
        if (refused != null) {
            return refused;
        }
        CredentialsIssuer.Lookup lookup;
        try {
            lookup = lookup(accountId, refreshId, windowResetAt);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return inTurn(() -> issuer.answer(lookup.accountId(), lookup.refreshId(), lookup.windowResetAt()));
    }

    /** The lookups of a batch of deliveries, in one request and one transaction; the answers in the same order. */
    record BatchRequest(List<LookupRequest> lookups) {
    }

    record LookupRequest(String accountId, String refreshId, String windowResetAt) {
    }

    record BatchAnswer(List<CredentialsAnswer> answers) {
        @Override
        public String toString() {
            return "BatchAnswer[" + answers.size() + " answers]";
        }
    }

    @PostMapping(path = "/internal/credentials", consumes = "application/json", produces = "application/json")
    ResponseEntity<?> batch(@RequestBody(required = false) byte[] body,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        // The token first: nothing of the body is read for a caller without it.
        ResponseEntity<?> refused = refusal(authorization);
        if (refused != null) {
            return refused;
        }
        BatchRequest request;
        try {
            request = body == null ? null : json.readValue(body, BatchRequest.class);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, "the body must be {\"lookups\": [{\"accountId\", \"refreshId\", "
                    + "\"windowResetAt\"}, ...]}");
        }
        if (request == null || request.lookups() == null || request.lookups().isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "lookups must be a non-empty list");
        }
        if (request.lookups().size() > MAX_BATCH) {
            return error(HttpStatus.BAD_REQUEST, "at most " + MAX_BATCH + " lookups in one request");
        }
        List<CredentialsIssuer.Lookup> lookups = new ArrayList<>(request.lookups().size());
        for (LookupRequest item : request.lookups()) {
            try {
                if (item == null) {
                    throw new IllegalArgumentException("a lookup must be an object");
                }
                lookups.add(lookup(item.accountId(), item.refreshId(), item.windowResetAt()));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return error(HttpStatus.BAD_REQUEST, "lookups[" + lookups.size() + "]: " + e.getMessage());
            }
        }
        return inTurn(() -> new BatchAnswer(issuer.answerAll(lookups)));
    }

    private static CredentialsIssuer.Lookup lookup(String accountId, String refreshId, String windowResetAt) {
        UUID account;
        UUID refresh;
        Instant window;
        try {
            account = UUID.fromString(String.valueOf(accountId));
            refresh = refreshId == null ? null : UUID.fromString(refreshId);
            window = windowResetAt == null || windowResetAt.isBlank() ? null : Instant.parse(windowResetAt);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("accountId and refreshId must be UUIDs, windowResetAt an ISO instant");
        }
        if (refresh == null) {
            throw new IllegalArgumentException("refreshId is required");
        }
        return new CredentialsIssuer.Lookup(account, refresh, window);
    }

    /** Why the caller gets no answer at all, or null. */
    private ResponseEntity<?> refusal(String authorization) {
        if (!settings.enabled()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "internal endpoint disabled: no service token configured");
        }
        if (!authorized(authorization)) {
            return error(HttpStatus.UNAUTHORIZED, "a valid service token is required");
        }
        return null;
    }

    /** Answers once a lookup turn is free, or 503 when none comes free within the wait. */
    private ResponseEntity<?> inTurn(Supplier<Object> answer) {
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
                    .body(answer.get());
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
