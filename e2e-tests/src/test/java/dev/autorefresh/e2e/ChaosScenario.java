package dev.autorefresh.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One row of the chaos matrix: a load, a moment relative to a window reset, and one fault injected there.
 *
 * @param latencyMs       the stub's answer delay for the healthy accounts, so that calls are in flight at the fault
 * @param injectAfter     the earliest the fault strikes after the aligned reset of every account (dispatch starts
 *                        about 1 s after, later on a loaded machine)
 * @param burstReached    and not before the stub has received this share of the burst's calls (0: at injectAfter),
 *                        so that "calls in flight" holds however late the burst comes
 * @param upstreamFaults  per stub fault mode, how many extra accounts answer that way (their calls per hour are bounded)
 * @param killsWorker     a worker dies with calls in flight: duplicates up to its share of the burst are tolerated
 * @param userTraffic     this many OAuth and this many API-key accounts get a window opened by their user's own
 *                        traffic right after the reset, before our dispatch: an API-key account cannot know (its
 *                        duplicate is tolerated), an OAuth account can ask the free usage check first
 * @param rotatingOAuth   this many extra OAuth accounts whose access token is refreshed at every credentials lookup
 *                        (the chaos system's refresh margin outlasts the stub's tokens), so rotations are in flight
 *                        at the fault
 */
record ChaosScenario(String name, String fault, long latencyMs, Duration injectAfter, double burstReached,
        Injection injection,
        Map<String, Integer> upstreamFaults, boolean killsWorker, int userTraffic, int rotatingOAuth, boolean ci) {

    /** Strikes, waits for the fault to end (thaw, restart) and returns when it ended. */
    @FunctionalInterface
    interface Injection {
        Instant inject(ChaosSystem system) throws Exception;
    }
}
