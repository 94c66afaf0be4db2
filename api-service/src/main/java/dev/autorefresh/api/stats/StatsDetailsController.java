package dev.autorefresh.api.stats;

import dev.autorefresh.api.json.ApiInstant;
import dev.autorefresh.api.refusals.InvalidRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the dashboard's overview draws: refreshes over time, and how late refreshes are. Read-only. */
@RestController
class StatsDetailsController {

    static final int BUCKETS = 24;
    static final int MAX_HOURS = 24 * 7;
    static final Duration LAG_PERIOD = Duration.ofHours(1);

    private final StatsQueries queries;
    private final Clock clock;

    StatsDetailsController(StatsQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * Refreshes recorded over the last {@code hours}, in {@value #BUCKETS} equal buckets aligned to their own
     * length (hourly buckets start on the hour), oldest first; the last bucket holds now.
     */
    @GetMapping("/api/stats/timeline")
    Timeline timeline(@RequestParam(defaultValue = "24") int hours) {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new InvalidRequest("hours must be an integer from 1 to " + MAX_HOURS,
                    Map.of("parameter", "hours"));
        }
        long bucketSeconds = hours * 3600L / BUCKETS;
        long now = clock.instant().getEpochSecond();
        Instant to = Instant.ofEpochSecond((now / bucketSeconds + 1) * bucketSeconds);
        Instant from = to.minusSeconds(bucketSeconds * BUCKETS);

        List<Map<String, Long>> counts = new ArrayList<>();
        for (int i = 0; i < BUCKETS; i++) {
            counts.add(new TreeMap<>());
        }
        for (StatsQueries.BucketCount count : queries.countsPerBucket(from, to, Duration.ofSeconds(bucketSeconds))) {
            counts.get(count.bucket()).merge(count.outcome(), count.refreshes(), Long::sum);
        }
        List<Bucket> buckets = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            Map<String, Long> byOutcome = counts.get(i);
            long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
            buckets.add(new Bucket(from.plusSeconds(i * bucketSeconds), total, byOutcome));
        }
        return new Timeline(from, to, bucketSeconds, buckets);
    }

    /** How long after a window's reset its dummy message went out (last hour), and what is due but not yet sent. */
    @GetMapping("/api/stats/lag")
    Lag lag() {
        Instant now = clock.instant();
        StatsQueries.LagSummary lag = queries.lagSince(now.minus(LAG_PERIOD));
        StatsQueries.Due due = queries.dueAt(now);
        return new Lag(now.minus(LAG_PERIOD), lag.refreshes(), lag.p50Ms(), lag.p95Ms(), lag.maxMs(), due.accounts(),
                due.oldest(), now);
    }

    /** @param bucketSeconds the length of each bucket */
    record Timeline(@ApiInstant Instant from, @ApiInstant Instant to, long bucketSeconds, List<Bucket> buckets) {
    }

    /** @param byOutcome SUCCESS, UNCHANGED, or the failure kind (AUTH, RATE_LIMITED, ...); absent when zero */
    record Bucket(@ApiInstant Instant start, long total, Map<String, Long> byOutcome) {
    }

    /**
     * @param refreshes   window updates recorded since {@code since} that named the window they refreshed
     * @param p50Ms       median milliseconds from window reset to the dummy message; null without refreshes
     * @param dueNow      eligible accounts whose refresh time has passed (normally 0 or a handful in flight)
     * @param oldestDueAt the earliest of their refresh times; null when none is due
     */
    record Lag(@ApiInstant Instant since, long refreshes, Long p50Ms, Long p95Ms, Long maxMs, long dueNow,
            @ApiInstant Instant oldestDueAt, @ApiInstant Instant timestamp) {
    }
}
