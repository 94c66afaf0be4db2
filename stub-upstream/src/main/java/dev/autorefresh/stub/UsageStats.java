package dev.autorefresh.stub;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Usage-endpoint calls, counted apart from messages: a usage check is free, a message is what the user pays for. */
final class UsageStats {

    private final LongAdder calls = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    void record(int status) {
        calls.increment();
        byStatus.computeIfAbsent(status, code -> new LongAdder()).increment();
    }

    Snapshot snapshot() {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(String.valueOf(status), count.sum()));
        return new Snapshot(calls.sum(), statuses);
    }

    void clear() {
        calls.reset();
        byStatus.clear();
    }

    record Snapshot(long requests, Map<String, Long> byStatus) {
    }
}
