package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.stats.Curve;
import dev.autorefresh.benchmark.system.ApiClient;
import dev.autorefresh.benchmark.system.ApiClient.AccountView;
import dev.autorefresh.benchmark.system.Database;
import dev.autorefresh.benchmark.system.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Watches a burst drain until every account shows its new window through {@code GET /api/accounts}. Listing
 * 10,000 accounts costs the api-service about a second of CPU, in the middle of the drain it is measuring (polled
 * every 10 s it took a tenth of the api-service's CPU); so the progress is followed with a cheap count in the
 * database (what the api-service has committed, which is what its API shows), and the REST API is asked once the
 * count says everything is done: the drain ends when the REST API shows it.
 */
record DrainWatch(String label, ApiClient api, Database database, Duration timeout) {

    private static final Duration COUNT_INTERVAL = Duration.ofMillis(500);

    /**
     * @param completedSeconds reset until the REST API showed every window moved; null if it never did
     * @param missed           accounts whose window had not moved past the reset at the end
     * @param meanPollMillis   how long one GET /api/accounts took
     * @param failedPolls      GETs answered with an error (an overloaded api-service answers 503)
     * @param visible          the REST API's view: burst accounts showing a new window, poll by poll (few polls)
     */
    record Drain(Double completedSeconds, long missed, double meanPollMillis, int failedPolls, Curve visible) {
    }

    Drain watch(Set<UUID> ours, Set<UUID> inBurst, Instant resetAt) {
        Instant deadline = resetAt.plus(timeout);
        var visible = new ArrayList<Curve.Point>();
        visible.add(new Curve.Point(0, 0));
        long pollNanos = 0;
        int polls = 0;
        int failedPolls = 0;
        long missed = ours.size();
        Pause.until(resetAt);
        while (true) {
            Instant now = Instant.now();
            boolean committed = database.accountsPast(label + "-", resetAt) >= ours.size();
            boolean last = now.isAfter(deadline);
            if (committed || last) {
                long started = System.nanoTime();
                List<AccountView> accounts;
                try {
                    accounts = api.accounts();
                } catch (RuntimeException e) {
                    failedPolls++;
                    Progress.say("%s: GET /api/accounts failed during the drain: %s", label, e.getMessage());
                    if (last) {
                        return new Drain(null, missed, mean(pollNanos, polls), failedPolls, new Curve(visible));
                    }
                    Pause.of(COUNT_INTERVAL);
                    continue;
                }
                Instant seen = Instant.now();
                pollNanos += System.nanoTime() - started;
                polls++;
                long moved = accounts.stream().filter(account -> inBurst.contains(account.id()))
                        .filter(account -> past(account, resetAt)).count();
                visible.add(new Curve.Point(RefreshPhase.seconds(resetAt, seen), (int) moved));
                missed = accounts.stream().filter(account -> ours.contains(account.id()))
                        .filter(account -> !past(account, resetAt)).count();
                if (missed == 0 || last) {
                    Progress.say("%s: %s %,d of %,d burst windows visible %.1fs after the reset", label,
                            missed == 0 ? "all" : "only", moved, inBurst.size(), RefreshPhase.seconds(resetAt, seen));
                    return new Drain(missed == 0 ? RefreshPhase.round(RefreshPhase.seconds(resetAt, seen)) : null,
                            missed, mean(pollNanos, polls), failedPolls, new Curve(visible));
                }
            }
            Pause.of(COUNT_INTERVAL);
        }
    }

    private static boolean past(AccountView account, Instant resetAt) {
        return account.rateLimitReset() != null && account.rateLimitReset().isAfter(resetAt);
    }

    private static double mean(long nanos, int polls) {
        return polls == 0 ? 0 : RefreshPhase.round(nanos / 1e6 / polls);
    }
}
