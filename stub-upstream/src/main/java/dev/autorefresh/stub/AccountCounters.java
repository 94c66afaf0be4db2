package dev.autorefresh.stub;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each account got, so a fault test can ask about one account: its calls, the paid ones that fell into a
 * window that was already open (duplicates), the answers that were lost, its latest reset and worst lag.
 */
final class AccountCounters {

    private final ConcurrentHashMap<AccountKey, Counter> counters = new ConcurrentHashMap<>();

    /** One account's figures; {@code paid} counts every 2xx, whether or not it reached a window. */
    record Counter(long requests, Map<String, Long> byStatus, long paid, long windowsStarted, long duplicates,
            long answersLost, long userWindows, Instant reset, Long maxLagMillis, Instant firstRequestAt,
            Instant lastRequestAt) {

        static Counter empty() {
            return new Counter(0, Map.of(), 0, 0, 0, 0, 0, null, null, null, null);
        }

        private Counter call(Instant at, int status, Windows.WindowOutcome window) {
            Map<String, Long> statuses = new TreeMap<>(byStatus);
            statuses.merge(String.valueOf(status), 1L, Long::sum);
            boolean started = window != null && window.started();
            Long lag = maxLagMillis;
            if (started && window.lag() != null) {
                lag = Math.max(maxLagMillis == null ? 0L : maxLagMillis, window.lag().toMillis());
            }
            return new Counter(requests + 1, statuses, paid + (status / 100 == 2 ? 1 : 0),
                    windowsStarted + (started ? 1 : 0), duplicates + (window != null && window.duplicate() ? 1 : 0),
                    answersLost, userWindows, window == null ? reset : window.reset(), lag,
                    firstRequestAt == null ? at : firstRequestAt, at);
        }
    }

    /** Our account in a wire form: its hash with its figures. */
    record AccountView(String account, Counter counter) {
    }

    void record(AccountKey account, Instant at, int status, Windows.WindowOutcome window) {
        counters.compute(account, (key, current) -> (current == null ? Counter.empty() : current).call(at, status, window));
    }

    void answerLost(AccountKey account) {
        counters.compute(account, (key, c) -> {
            Counter current = c == null ? Counter.empty() : c;
            return new Counter(current.requests(), current.byStatus(), current.paid(), current.windowsStarted(),
                    current.duplicates(), current.answersLost() + 1, current.userWindows(), current.reset(),
                    current.maxLagMillis(), current.firstRequestAt(), current.lastRequestAt());
        });
    }

    void userWindow(AccountKey account, Instant reset) {
        counters.compute(account, (key, c) -> {
            Counter current = c == null ? Counter.empty() : c;
            return new Counter(current.requests(), current.byStatus(), current.paid(), current.windowsStarted(),
                    current.duplicates(), current.answersLost(), current.userWindows() + 1, reset,
                    current.maxLagMillis(), current.firstRequestAt(), current.lastRequestAt());
        });
    }

    List<AccountView> snapshot() {
        return counters.entrySet().stream().map(entry -> new AccountView(entry.getKey().hash(), entry.getValue()))
                .sorted(java.util.Comparator.comparing(AccountView::account)).toList();
    }

    void clear() {
        counters.clear();
    }
}
