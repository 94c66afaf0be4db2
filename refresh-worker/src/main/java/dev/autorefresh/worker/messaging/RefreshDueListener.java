package dev.autorefresh.worker.messaging;

import com.rabbitmq.client.Channel;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import dev.autorefresh.worker.refresh.Outcome;
import dev.autorefresh.worker.refresh.Refresher;
import dev.autorefresh.worker.refresh.ResultNotConfirmed;
import dev.autorefresh.worker.upstream.CallInterrupted;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Settles every delivery itself (manual acknowledgement): ack once the result is confirmed, reject an unreadable
 * message to the parking lot at once, return a delivery whose result could not be confirmed to the queue, where
 * the delivery limit bounds its retries.
 */
@Component
class RefreshDueListener {

    private static final Logger log = LoggerFactory.getLogger(RefreshDueListener.class);
    static final String DELIVERIES = "autorefresh.worker.deliveries";

    private final RefreshDueReader reader;
    private final Refresher refresher;
    private final MeterRegistry meters;

    RefreshDueListener(RefreshDueReader reader, Refresher refresher, MeterRegistry meters) {
        this.reader = reader;
        this.refresher = refresher;
        this.meters = meters;
    }

    // Takes the raw message, not a converted RefreshDue: an unreadable one must be rejected here, without
    // requeue and without logging its body, which a converter failure would not guarantee.
    @RabbitListener(id = "refresh-due", queues = Topology.WORKER_QUEUE)
    void on(Message message, Channel channel) throws IOException {
        MessageProperties properties = message.getMessageProperties();
        long tag = properties.getDeliveryTag();
        RefreshDue due;
        try {
            due = reader.read(message);
        } catch (UnreadableMessage e) {
            log.warn("Parking unreadable message (message_id {}, {} bytes): {}", properties.getMessageId(),
                    message.getBody().length, e.getMessage());
            channel.basicReject(tag, false);
            count("unreadable", null);
            return;
        }
        Outcome outcome;
        try {
            outcome = refresher.refresh(due);
        } catch (ResultNotConfirmed e) {
            log.error("Returning refresh {} to the queue: {}", due.refreshId(), e.getMessage());
            requeue(channel, tag, due);
            count("requeued", null);
            return;
        } catch (CallInterrupted e) {
            log.warn("Refresh {} for account {} stopped with its upstream call out (this replica is stopping); "
                    + "leaving it to its claim, which resolves it without paying twice", due.refreshId(),
                    due.accountName());
            // The thread carries the interrupt that stopped the call; the reject must still reach the broker.
            boolean interrupted = Thread.interrupted();
            try {
                requeue(channel, tag, due);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            count("interrupted", null);
            return;
        } catch (RuntimeException e) {
            // In manual mode an escaping exception would leave the delivery unacknowledged and this consumer
            // stuck; return it instead, the delivery limit parks it if the fault persists.
            log.error("Refresh {} failed unexpectedly; returning it to the queue", due.refreshId(), e);
            requeue(channel, tag, due);
            count("requeued", null);
            return;
        }
        try {
            channel.basicAck(tag, false);
        } catch (IOException | RuntimeException e) {
            // The channel died while the refresh ran (a broker restart): the broker has already returned the
            // delivery to the queue, and its redelivery finds the claim or the result and sends nothing.
            log.info("Could not acknowledge refresh {} on a closed channel; its redelivery will find it handled ({})",
                    due.refreshId(), e.getMessage());
        }
        count(outcome.name(), outcome.kind() == null ? null : outcome.kind().name());
    }

    /**
     * Returns the delivery to the queue: reject, not nack, as from RabbitMQ 4.3 only a reject counts toward a quorum
     * queue's delivery limit. On a channel that died meanwhile the broker has returned it already.
     */
    private static void requeue(Channel channel, long tag, RefreshDue due) {
        try {
            channel.basicReject(tag, true);
        } catch (IOException | RuntimeException e) {
            log.info("Could not return refresh {} on a closed channel; the broker has returned it ({})",
                    due.refreshId(), e.getMessage());
        }
    }

    private void count(String outcome, String kind) {
        meters.counter(DELIVERIES, "outcome", outcome, "kind", kind == null ? "none" : kind.toLowerCase(Locale.ROOT))
                .increment();
    }
}
