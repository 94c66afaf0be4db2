package dev.autorefresh.worker;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow upstream that counts: each call to a stub naming {@link #NAME} is held for {@link #holdFor} and counted as
 * in progress meanwhile, and the most calls ever in progress at once is kept. The count ends before the answer is
 * written, so a consumer that got its answer and sent its next call is never counted twice.
 */
final class InFlightCalls implements ResponseDefinitionTransformerV2 {

    static final String NAME = "in-flight-calls";

    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private volatile Duration hold = Duration.ZERO;

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        try {
            // The upstream being slow (this is the stub's request thread, not the test's).
            Thread.sleep(hold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            now.decrementAndGet();
        }
        return event.getResponseDefinition();
    }

    /** Holds each call this long, and starts a new count of the peak. */
    void holdFor(Duration hold) {
        this.hold = hold;
        peak.set(now.get());
    }

    int peak() {
        return peak.get();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
