package dev.autorefresh.api.notifications;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notifications are delivered (docs/notifications.md).
 *
 * @param pollInterval how often the sender looks for notifications to deliver
 * @param timeout      connect and answer limit of one delivery
 * @param firstRetry   wait after the first failed delivery; doubled after each further one
 * @param longestRetry the longest wait between two deliveries of one notification
 * @param maxAttempts  deliveries of one notification before the sender gives up on it (kept, marked given up)
 * @param batchSize    notifications taken per poll
 */
@ConfigurationProperties("autorefresh.api.notifications")
record NotificationSettings(
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("1h") Duration longestRetry,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("20") int batchSize) {

    /** The bean of this record as a SpEL reference, for {@code @Scheduled}: the defaults stay in this one place. */
    static final String BEAN =
            "@'autorefresh.api.notifications-dev.autorefresh.api.notifications.NotificationSettings'";

    NotificationSettings {
        require(pollInterval, "poll-interval");
        require(timeout, "timeout");
        require(firstRetry, "first-retry");
        require(longestRetry, "longest-retry");
        if (longestRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("autorefresh.api.notifications.longest-retry must not be shorter than "
                    + "first-retry");
        }
        if (maxAttempts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("autorefresh.api.notifications.max-attempts and batch-size must be at "
                    + "least 1");
        }
    }

    /** How long a delivery in progress keeps its row from other senders: longer than any one delivery takes. */
    Duration lease() {
        return timeout.multipliedBy(3);
    }

    /** The wait after the {@code attempts}-th failed delivery. */
    Duration retryAfter(int attempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempts && wait.compareTo(longestRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longestRetry) > 0 ? longestRetry : wait;
    }

    private static void require(Duration value, String name) {
        if (value == null || !value.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.notifications." + name + " must be positive");
        }
    }
}
