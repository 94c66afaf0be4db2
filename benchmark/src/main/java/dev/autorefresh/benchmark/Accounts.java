package dev.autorefresh.benchmark;

import dev.autorefresh.benchmark.system.ApiClient;
import dev.autorefresh.benchmark.system.Pause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutionException;

/** Creates and enables a phase's accounts through the REST API, the way a person with curl would, only many. */
final class Accounts {

    /** Requests in flight at once: enough to keep the api-service busy, few enough not to measure our client. */
    private static final int CONCURRENCY = 16;

    private final ApiClient api;

    Accounts(ApiClient api) {
        this.api = api;
    }

    /** N API-key accounts whose custom endpoint is the stub; auto-refresh off, so nothing is refreshed yet. */
    List<UUID> create(String label, int count, String endpoint) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var permits = new Semaphore(CONCURRENCY);
            var created = new ArrayList<Future<UUID>>(count);
            for (int i = 1; i <= count; i++) {
                String name = "%s-%06d".formatted(label, i);
                String key = "sk-ant-bench-" + label + "-" + run + "-" + i;
                acquire(permits);
                created.add(executor.submit(() -> {
                    try {
                        return api.createAccount(name, key, endpoint);
                    } finally {
                        permits.release();
                    }
                }));
            }
            return created.stream().map(Accounts::join).toList();
        }
    }

    /**
     * Enables auto-refresh one account after another, spread evenly over {@code spread}: each account's first
     * window starts when it is enabled, so their resets come round evenly spread too, as in steady use.
     */
    void enableSpread(List<UUID> accounts, Duration spread) {
        Instant start = Instant.now();
        long stepNanos = spread.toNanos() / Math.max(1, accounts.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var permits = new Semaphore(CONCURRENCY);
            var enabled = new ArrayList<Future<UUID>>(accounts.size());
            for (int i = 0; i < accounts.size(); i++) {
                UUID id = accounts.get(i);
                Pause.until(start.plusNanos(stepNanos * i));
                acquire(permits);
                enabled.add(executor.submit(() -> {
                    try {
                        api.setAutoRefresh(id, true);
                        return id;
                    } finally {
                        permits.release();
                    }
                }));
            }
            enabled.forEach(Accounts::join);
        }
    }

    private static void acquire(Semaphore permits) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a REST call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
