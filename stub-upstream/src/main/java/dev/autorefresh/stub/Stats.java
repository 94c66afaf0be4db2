package dev.autorefresh.stub;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the benchmark and the smoke tests measure: every request to a messages path, and each window's lag. Calls
 * to the usage endpoint are counted apart ({@code usageChecks}): they are free, messages are what the user pays for.
 */
final class Stats {

    private final UsageStats usage = new UsageStats();
    private final LongAdder requests = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Set<AccountKey> accounts = ConcurrentHashMap.newKeySet();
    private final LongAdder windowsStarted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final AtomicReference<Instant> firstRequestAt = new AtomicReference<>();
    private final AtomicReference<Instant> lastRequestAt = new AtomicReference<>();
    private final List<LagSample> lags = new ArrayList<>();
    private final AccountCounters perAccount = new AccountCounters();

    /**
     * @param account null when the request carried no usable credential
     * @param window  null when the request did not reach the account's window (rejected or forced failure)
     */
    void record(Instant receivedAt, AccountKey account, int status, Windows.WindowOutcome window) {
        requests.increment();
        byStatus.computeIfAbsent(status, code -> new LongAdder()).increment();
        firstRequestAt.accumulateAndGet(receivedAt, (known, next) -> known == null || next.isBefore(known) ? next : known);
        lastRequestAt.accumulateAndGet(receivedAt, (known, next) -> known == null || next.isAfter(known) ? next : known);
        if (account != null) {
            accounts.add(account);
            perAccount.record(account, receivedAt, status, window);
        }
        if (window == null) {
            return;
        }
        if (window.duplicate()) {
            duplicates.increment();
            return;
        }
        windowsStarted.increment();
        if (window.lag() != null) {
            LagSample sample = new LagSample(account.fingerprint(), receivedAt.minus(window.lag()), receivedAt,
                    window.lag().toMillis());
            synchronized (lags) {
                lags.add(sample);
            }
        }
    }

    /** @param sampleLimit how many lag samples to include (in arrival order); 0 for none */
    Snapshot snapshot(int sampleLimit) {
        List<LagSample> samples;
        synchronized (lags) {
            samples = List.copyOf(lags);
        }
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(String.valueOf(status), count.sum()));
        return new Snapshot(requests.sum(), statuses, accounts.size(), windowsStarted.sum(), duplicates.sum(),
                LagSummary.of(samples), firstRequestAt.get(), lastRequestAt.get(), usage.snapshot(),
                sampleLimit > 0 ? samples.subList(0, Math.min(sampleLimit, samples.size())) : null,
                sampleLimit > 0 ? samples.size() > sampleLimit : null);
    }

    UsageStats usage() {
        return usage;
    }

    AccountCounters perAccount() {
        return perAccount;
    }

    void clear() {
        usage.clear();
        perAccount.clear();
        requests.reset();
        byStatus.clear();
        accounts.clear();
        windowsStarted.reset();
        duplicates.reset();
        firstRequestAt.set(null);
        lastRequestAt.set(null);
        synchronized (lags) {
            lags.clear();
        }
    }

    /** One started window that followed a window this stub had reported: it came {@code lagMillis} after that reset. */
    record LagSample(String account, Instant expiredReset, Instant receivedAt, long lagMillis) {
    }

    /** Nearest-rank percentiles in milliseconds; all but count are null when there is no sample. */
    record LagSummary(int count, Long p50, Long p95, Long p99, Long max, Double mean) {

        static LagSummary of(List<LagSample> samples) {
            if (samples.isEmpty()) {
                return new LagSummary(0, null, null, null, null, null);
            }
            long[] sorted = samples.stream().mapToLong(LagSample::lagMillis).sorted().toArray();
            double mean = (double) samples.stream().mapToLong(LagSample::lagMillis).sum() / sorted.length;
            return new LagSummary(sorted.length, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                    sorted[sorted.length - 1], mean);
        }

        private static long percentile(long[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Snapshot(long requests, Map<String, Long> byStatus, int accounts, long windowsStarted, long duplicates,
            LagSummary lagMillis, Instant firstRequestAt, Instant lastRequestAt, UsageStats.Snapshot usageChecks,
            List<LagSample> lagSamples,
            Boolean lagSamplesTruncated) {
    }
}
