package dev.autorefresh.benchmark.report;

import dev.autorefresh.benchmark.stats.Curve;
import dev.autorefresh.benchmark.stats.Distribution;
import dev.autorefresh.benchmark.system.Machine;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one run measured: the JSON written to {@code latest.json}, and what the table and chart show. */
public record Results(
        Instant startedAt,
        Instant finishedAt,
        Machine.Description machine,
        Load load,
        Map<String, Object> settings,
        RefreshRun ours,
        RefreshRun baseline,
        Comparison comparison,
        List<TickCost> cost,
        List<ServiceResources> resources,
        List<Target> targets,
        List<String> notes) {

    /** Load averages when the run started and ended, and how busy the whole machine was during it. */
    public record Load(double[] atStart, double[] atEnd, double machineCpuUtilisation) {
    }

    /** One system's steady-state lag and burst, on its own accounts. */
    public record RefreshRun(
            String label,
            String shape,
            int accounts,
            int windowSeconds,
            double createSeconds,
            double enableSeconds,
            Steady steady,
            Burst burst,
            Correctness correctness) {
    }

    /**
     * @param lagMillis     reset to the upstream receiving the dummy message, every window that reset before the burst
     * @param lagCdf        [percent, lag ms] for percents 1..100 and 99.9: the distribution for the chart
     * @param refreshesPerSecond windows refreshed per second over the phase
     */
    public record Steady(Distribution lagMillis, List<double[]> lagCdf, double refreshesPerSecond) {
    }

    /**
     * @param resetAt               the second every burst window reset
     * @param alignedWindowSeconds  the stub's aligned window that put every reset on that second
     * @param inBurst               accounts whose window reset at {@code resetAt}
     * @param drainSeconds          reset until every new window was visible through GET /api/accounts (polled)
     * @param lastCommitSeconds     reset until the api-service committed the last result
     * @param lastUpstreamSeconds   reset until the upstream received the last dummy message
     * @param refreshesPerSecond    burst windows per second between the first and last upstream arrival
     * @param lagMillis             reset to upstream arrival, burst windows only
     * @param pollMillis            how long one GET /api/accounts took during the drain (mean)
     * @param failedPolls           polls the api-service did not answer with 200 (overload)
     */
    public record Burst(
            Instant resetAt,
            int alignedWindowSeconds,
            int inBurst,
            Double drainSeconds,
            Double lastCommitSeconds,
            Double lastUpstreamSeconds,
            double refreshesPerSecond,
            Distribution lagMillis,
            double pollMillis,
            int failedPolls,
            Curve visible,
            Curve committed,
            Curve upstream,
            BurstCost cost) {
    }

    /**
     * What the burst cost, reset to drain end.
     *
     * @param cpuMillisPerWindow      CPU per burst window, by process (every process of the run, harness included)
     * @param totalCpuMillisPerWindow their sum
     * @param machineCpuPercent       how busy all cores of the machine were (ours and anything else running)
     * @param oursCpuPercent          the share of all cores our processes used
     * @param cpuFloorSeconds         the burst's CPU divided by the cores: no drain on this machine can be faster
     */
    public record BurstCost(Map<String, Double> cpuMillisPerWindow, double totalCpuMillisPerWindow,
            double machineCpuPercent, double oursCpuPercent, double cpuFloorSeconds) {
    }

    /**
     * Tokens of the dummy messages, as the api-service recorded them from the answers' usage objects, and the
     * messages it did not send.
     *
     * @param tokensPerWindow    input plus output tokens per recorded message that reported them; null without one
     * @param savedByUsageCheck  results of a usage check that found a window already open (no message)
     * @param savedInFlight      duplicate credential requests answered IN_FLIGHT (no message)
     */
    public record Spend(long messages, long inputTokens, long outputTokens, Double tokensPerWindow,
            long savedByUsageCheck, long savedInFlight) {
    }

    /**
     * @param duplicates     messages that hit a window that was still open (stub), whole run of this system
     * @param misses         accounts whose window had not moved past the burst reset when the drain timed out
     * @param upstreamErrors non-200 answers from the stub
     * @param outcomes       results the api-service recorded, by outcome
     * @param spend          what the recorded messages cost and what was not sent; null when the system under test
     *                       does not record it
     */
    public record Correctness(long duplicates, long misses, long upstreamErrors, long messages, long windowsStarted,
            Map<String, Long> outcomes, List<String> deadServices, Spend spend) {

        public boolean passed() {
            return duplicates == 0 && misses == 0 && deadServices.isEmpty();
        }
    }

    /**
     * Ours against the single-process baseline, measured in the same run.
     *
     * @param baselineDrainProjectedSeconds the baseline's drain for our burst size: its measured wait for a tick
     *                                      plus our burst size at its measured throughput (not measured directly)
     */
    public record Comparison(Double lagP50Ratio, Double lagP99Ratio, Double throughputRatio,
            Double baselineDrainProjectedSeconds) {
    }

    /**
     * The scheduler's cost with {@code accounts} eligible accounts and none due.
     *
     * @param tickMeanMillis  the scheduler's own tick timer, mean over the interval
     * @param tickP50Millis   its median over the last ~10 s of the interval
     * @param tickP99Millis   its 99th percentile over the last ~10 s of the interval
     * @param tickMaxMillis   its maximum over the last ~10 s of the interval
     * @param ticks           ticks in the interval
     * @param claimMillis     the claim statement alone, run as the scheduler's role: median by number of due accounts
     * @param claimPlan       the plan's access path for the view, with none due
     * @param schedulerCpuPercent the scheduler's CPU use over the interval, % of one core
     */
    public record TickCost(int accounts, Double tickMeanMillis, Double tickP50Millis, Double tickP99Millis,
            Double tickMaxMillis, long ticks,
            Map<Integer, Double> claimMillis, String claimPlan, double schedulerCpuPercent, double insertSeconds) {
    }

    /**
     * @param cpuSeconds        by phase
     * @param peakRssMiB        the most resident memory the process had (VmHWM)
     * @param maxHeapAfterGcMiB the fullest the heap was right after a collection (young ones leave old garbage)
     * @param liveHeapMiB       the heap after a full collection forced at the end of its phase: its live data
     */
    public record ServiceResources(String name, String system, Map<String, Double> cpuSeconds, Double peakRssMiB,
            Double maxHeapAfterGcMiB, Double liveHeapMiB, Integer collections, boolean outOfMemory,
            boolean alive) {
    }

    public record Target(String name, String target, String measured, Boolean met, String note) {
    }
}
