package dev.autorefresh.worker;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the stub upstream's message calls in progress, from the request's arrival to the end of its answer, and
 * the most there ever were at once: how many refreshes the worker really held in flight together.
 */
final class InFlightCalls implements ServeEventListener {

    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    @Override
    public void beforeMatch(ServeEvent event, Parameters parameters) {
        if (isMessageCall(event)) {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        }
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
        if (isMessageCall(event)) {
            now.decrementAndGet();
        }
    }

    /** Starts a new count of the peak from the calls in progress now. */
    void reset() {
        peak.set(now.get());
    }

    int now() {
        return now.get();
    }

    int peak() {
        return peak.get();
    }

    private static boolean isMessageCall(ServeEvent event) {
        return event.getRequest().getUrl().endsWith("/v1/messages");
    }

    @Override
    public String getName() {
        return "in-flight-calls";
    }
}
