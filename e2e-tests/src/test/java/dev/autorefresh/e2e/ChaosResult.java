package dev.autorefresh.e2e;

import java.util.List;

/**
 * One scenario's figures and the invariants it broke (empty when it passed).
 *
 * @param windows                    windows the stub saw started for the scenario's accounts
 * @param duplicates                 paid messages into a window that had already started
 * @param allowedDuplicates          what the scenario tolerates (the calls in flight of a killed worker), else 0
 * @param lost                       windows renewed later than the bound, or not at all, by the end
 * @param maxLagMillis               the worst time from a window's reset to its renewal
 * @param failingCallsPerHour        the most calls one failing account got, per hour (upstream faults only)
 * @param upstreamCalls              calls the stub received for the scenario's accounts
 * @param recordedAttempts           attempts the api-service recorded for them
 * @param stuck                      messages left in the queues, new parking-lot messages, accounts overdue
 */
record ChaosResult(String scenario, String fault, int accounts, long boundSeconds, long windows, long duplicates,
        long allowedDuplicates, long lost, long maxLagMillis, Double failingCallsPerHour, long upstreamCalls,
        long recordedAttempts, long stuck, String notes, List<String> violations) {

    static ChaosResult notMeasured(ChaosScenario scenario, Throwable why) {
        return new ChaosResult(scenario.name(), scenario.fault(), 0, ChaosRun.BOUND_AFTER_FAULT.toSeconds(), 0, 0, 0, 0,
                0, null, 0, 0, 0, "", List.of("not measured: " + why));
    }

    @com.fasterxml.jackson.annotation.JsonProperty("passed")
    boolean passed() {
        return violations.isEmpty();
    }
}
