package dev.autorefresh.worker.refresh;

import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowUpdated;

/**
 * Reports a refresh's result. Returns only once the result is durably accepted; otherwise throws
 * {@link ResultNotConfirmed}, and the {@code RefreshDue} must not be acknowledged.
 */
public interface ResultPublisher {

    void publish(WindowUpdated result);

    void publish(RefreshFailed result);
}
