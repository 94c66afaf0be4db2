package dev.autorefresh.api.notifications;

import dev.autorefresh.api.accounts.AllowedEndpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers the outbox: each row to its webhook, with retries and doubling waits, then marks it. At least once: a
 * crash between a delivery and its mark delivers the same event id again, which receivers dedupe on. Logs name the
 * webhook by id and origin, never by URL.
 */
@Component
// Off only in tests that share one database: a sender in another test's context would deliver (or refuse) their rows.
@ConditionalOnProperty(name = "autorefresh.api.notifications.sender-enabled", matchIfMissing = true)
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);

    private final Outbox outbox;
    private final WebhookRepository webhooks;
    private final WebhookClient client;
    private final AllowedEndpoints allowed;
    private final NotificationSettings settings;
    private final Counter delivered;
    private final Counter failed;
    private final Counter givenUp;

    NotificationSender(Outbox outbox, WebhookRepository webhooks, WebhookClient client, AllowedEndpoints allowed,
            NotificationSettings settings, MeterRegistry meters) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.client = client;
        this.allowed = allowed;
        this.settings = settings;
        this.delivered = deliveries(meters, "delivered");
        this.failed = deliveries(meters, "failed");
        this.givenUp = deliveries(meters, "given_up");
    }

    private static Counter deliveries(MeterRegistry meters, String result) {
        return Counter.builder("autorefresh.notifications")
                .description("Webhook deliveries: delivered, failed (to be retried), given_up (attempts spent, or the "
                        + "destination no longer allowed)")
                .tag("result", result)
                .register(meters);
    }

    @Scheduled(fixedDelayString = "#{" + NotificationSettings.BEAN + ".pollInterval()}")
    void poll() {
        List<Outbox.Pending> due;
        do {
            due = outbox.take(settings.batchSize(), settings.lease());
            due.forEach(this::deliver);
        } while (due.size() == settings.batchSize());
    }

    private void deliver(Outbox.Pending pending) {
        Optional<Webhook> found = webhooks.findById(pending.webhookId());
        if (found.isEmpty()) {
            // Deleted since: its rows go with it (cascade); this one was taken just before.
            return;
        }
        Webhook webhook = found.get();
        if (!allowed.allows(webhook.revealUrl())) {
            // Checked again here: the allow-list may have been narrowed since the webhook was configured.
            String error = "destination " + webhook.origin() + " is no longer allowed by " + AllowedEndpoints.SETTING;
            log.warn("Notification {} not sent to webhook {}: {}", pending.notification().eventId(), webhook.id(),
                    error);
            outbox.giveUp(pending.id(), error);
            givenUp.increment();
            return;
        }
        WebhookClient.Delivery delivery = client.deliver(webhook, pending.notification());
        if (delivery.delivered()) {
            outbox.delivered(pending.id());
            delivered.increment();
            log.info("Notification {} ({} for account {}) delivered to webhook {} ({})",
                    pending.notification().eventId(), pending.notification().state(),
                    pending.notification().accountName(), webhook.id(), webhook.origin());
        } else if (pending.attempts() >= settings.maxAttempts()) {
            outbox.giveUp(pending.id(), delivery.error());
            givenUp.increment();
            log.error("Notification {} to webhook {} ({}) given up after {} attempts: {}",
                    pending.notification().eventId(), webhook.id(), webhook.origin(), pending.attempts(),
                    delivery.error());
        } else {
            outbox.retryLater(pending.id(), settings.retryAfter(pending.attempts()), delivery.error());
            failed.increment();
            log.warn("Notification {} to webhook {} ({}) failed (attempt {}): {}; retrying in {}",
                    pending.notification().eventId(), webhook.id(), webhook.origin(), pending.attempts(),
                    delivery.error(), settings.retryAfter(pending.attempts()));
        }
    }
}
