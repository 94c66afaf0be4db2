package dev.autorefresh.api.retention;

import dev.autorefresh.api.json.ApiInstant;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How far back history goes: what {@link HistoryPurge} keeps, as the dashboard shows it. */
@RestController
class RetentionController {

    private final RetentionSettings settings;
    private final Clock clock;

    RetentionController(RetentionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @GetMapping("/api/retention")
    Retention retention() {
        Instant now = clock.instant();
        return new Retention(
                new Kept(settings.refreshAttempts().toDays(), settings.refreshAttemptsSince(now)),
                new Kept(settings.audit().toDays(), settings.auditSince(now)));
    }

    /**
     * @param refreshAttempts the refresh history ({@code GET /api/accounts/{id}/refreshes})
     * @param audit           the audit trail ({@code GET /api/audit}, {@code GET /api/accounts/{id}/audit})
     */
    record Retention(Kept refreshAttempts, Kept audit) {
    }

    /**
     * @param days  whole days kept
     * @param since the oldest time still kept; older rows have been or are about to be deleted
     */
    record Kept(long days, @ApiInstant Instant since) {
    }
}
