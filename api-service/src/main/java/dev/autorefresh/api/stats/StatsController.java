package dev.autorefresh.api.stats;

import dev.autorefresh.api.accounts.AccountRepository;
import dev.autorefresh.api.json.ApiInstant;
import dev.autorefresh.api.results.RefreshAttemptRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/stats}: accounts and what refreshes did over the last day. */
@RestController
class StatsController {

    static final Duration PERIOD = Duration.ofHours(24);
    static final String SUCCESS = "SUCCESS";

    private final AccountRepository accounts;
    private final RefreshAttemptRepository attempts;
    private final Clock clock;

    StatsController(AccountRepository accounts, RefreshAttemptRepository attempts, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.clock = clock;
    }

    @GetMapping("/api/stats")
    Stats stats() {
        Instant now = clock.instant();
        Map<String, Long> byOutcome = new TreeMap<>();
        for (Object[] row : attempts.countByOutcomeSince(now.minus(PERIOD))) {
            byOutcome.put((String) row[0], ((Number) row[1]).longValue());
        }
        long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        Double successRate = total == 0 ? null
                : Math.round(1000.0 * byOutcome.getOrDefault(SUCCESS, 0L) / total) / 10.0;
        return new Stats(accounts.count(), accounts.countByAutoRefreshEnabledTrue(),
                new Refreshes(total, byOutcome), successRate, now);
    }

    /** @param successRate percentage (0-100, one decimal) of the last day's refreshes that moved a window; null if none */
    record Stats(long accounts, long autoRefreshEnabled, Refreshes refreshesLast24h, Double successRate,
            @ApiInstant Instant timestamp) {
    }

    /** @param byOutcome SUCCESS, UNCHANGED, or the failure kind (AUTH, RATE_LIMITED, ...) */
    record Refreshes(long total, Map<String, Long> byOutcome) {
    }
}
