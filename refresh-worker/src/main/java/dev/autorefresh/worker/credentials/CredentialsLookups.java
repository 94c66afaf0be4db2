package dev.autorefresh.worker.credentials;

import dev.autorefresh.events.RefreshDue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * The credential lookups of the deliveries this worker holds, asked for together. Nothing waits for a batch to
 * fill: a lookup goes out at once when a request slot is free, and the lookups that arrive while every slot is
 * taken leave together, up to {@link #MAX_BATCH}, in the next free slot. Under light load every lookup is a batch
 * of one; in a burst a few requests carry all of them, which spares the api-service a request, a lookup turn and a
 * transaction per delivery.
 *
 * <p>A caller that finds a free slot sends what is queued from its own thread (the oldest lookups first, its own among
 * them unless another sender took it already); what is queued after that gets a sender thread per free slot. A lookup is queued
 * before its caller looks for a slot, and every release of a slot is followed by a look at the queue, so no lookup
 * is ever left behind; each caller waits for its own answer.
 */
@Component
public class CredentialsLookups {

    /** Lookups in one request: well below the api-service's limit of 100, and a batch holds its rows' locks. */
    static final int MAX_BATCH = 50;
    /**
     * Requests in flight from one worker. Three workers take all of the api-service's six lookup turns; more would
     * only queue there.
     */
    static final int SLOTS = 2;
    private static final long RETRY_BATCH_ENDPOINT_NANOS = Duration.ofMinutes(1).toNanos();

    private final CredentialsClient client;
    private final ConcurrentLinkedQueue<Pending> queued = new ConcurrentLinkedQueue<>();
    private final Semaphore slots = new Semaphore(SLOTS);
    private final DistributionSummary batchSizes;
    /** When the api-service last had no batch endpoint (an older one, mid-upgrade); asked again a minute later. */
    private volatile long batchEndpointMissingSince = System.nanoTime() - RETRY_BATCH_ENDPOINT_NANOS - 1;

    CredentialsLookups(CredentialsClient client, MeterRegistry meters) {
        this.client = client;
        this.batchSizes = DistributionSummary.builder("autorefresh.credentials.batch.size")
                .description("Credential lookups this worker sent in one request")
                .register(meters);
    }

    private record Pending(RefreshDue due, CompletableFuture<CredentialsAnswer> answer) {
    }

    /** The api-service's answer for this delivery; never throws. */
    public CredentialsAnswer fetch(RefreshDue due) {
        var pending = new Pending(due, new CompletableFuture<>());
        queued.add(pending);
        // A free slot: send from this thread, which keeps the request in this delivery's trace.
        if (slots.tryAcquire()) {
            try {
                send();
            } finally {
                slots.release();
            }
        }
        sendRest();
        try {
            return pending.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not asked yet: then it never is, and claims nothing nobody would use.
            queued.remove(pending);
            return new CredentialsAnswer.Unavailable("interrupted");
        } catch (ExecutionException e) {
            return new CredentialsAnswer.Unavailable("lookup failed");
        }
    }

    /** Whatever is still queued gets a sender of its own for each free slot; called after every release. */
    private void sendRest() {
        while (!queued.isEmpty() && slots.tryAcquire()) {
            try {
                Thread.ofVirtual().name("credentials-lookups").start(() -> {
                    try {
                        send();
                    } finally {
                        slots.release();
                        sendRest();
                    }
                });
            } catch (RuntimeException | OutOfMemoryError e) {
                slots.release();
                throw e;
            }
        }
    }

    /** Sends what is queued, up to one batch; completes every lookup it took, whatever happens. */
    private void send() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        for (Pending next; batch.size() < MAX_BATCH && (next = queued.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        batchSizes.record(batch.size());
        boolean handedOver = false;
        try {
            if (batch.size() > 1 && System.nanoTime() - batchEndpointMissingSince > RETRY_BATCH_ENDPOINT_NANOS) {
                Optional<List<CredentialsAnswer>> answers = client.fetchAll(batch.stream().map(Pending::due).toList());
                if (answers.isPresent()) {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).answer().complete(answers.get().get(i));
                    }
                    handedOver = true;
                    return;
                }
                batchEndpointMissingSince = System.nanoTime();
            }
            // One at a time (a lone lookup, or an api-service without the batch endpoint): each answer is handed
            // over as soon as it is in, so no claim waits on other lookups before its worker can use it.
            for (Pending pending : batch.subList(1, batch.size())) {
                Thread.ofVirtual().name("credentials-lookup").start(() -> pending.answer().complete(fetchOne(pending)));
            }
            batch.getFirst().answer().complete(fetchOne(batch.getFirst()));
            handedOver = true;
        } finally {
            if (!handedOver) {
                // Whatever failed here, no caller is left waiting.
                batch.forEach(pending -> pending.answer().complete(new CredentialsAnswer.Unavailable("lookup failed")));
            }
        }
    }

    private CredentialsAnswer fetchOne(Pending pending) {
        try {
            return client.fetch(pending.due());
        } catch (RuntimeException e) {
            return new CredentialsAnswer.Unavailable("lookup failed");
        }
    }
}
