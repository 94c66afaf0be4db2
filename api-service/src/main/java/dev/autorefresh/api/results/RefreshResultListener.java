package dev.autorefresh.api.results;

import com.rabbitmq.client.Channel;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Consumes refresh results. Acknowledges only after the result's transaction committed; a message that can never
 * be applied is rejected without requeue, so the broker parks it. A transient database failure (connection lost or
 * refused, server restarting, serialization failure, deadlock, see {@link TransientDatabaseError}) is retried here
 * with back-off for about a minute, so a database blip never parks a result (a parked result leaves its window to
 * the scheduler's lease); only a failure outlasting that is handed back to the broker, whose delivery limit bounds
 * the loop.
 */
@Component
class RefreshResultListener {

    private static final Logger log = LoggerFactory.getLogger(RefreshResultListener.class);

    private final EventReader reader;
    private final RefreshResults results;
    private final RetryTemplate transientRetry = new RetryTemplate(RetryPolicy.builder()
            .predicate(TransientDatabaseError::is)
            .maxRetries(15)
            .delay(Duration.ofMillis(200))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .build());

    RefreshResultListener(EventReader reader, RefreshResults results) {
        this.reader = reader;
        this.results = results;
    }

    @RabbitListener(id = "refresh-results", queues = Topology.RESULTS_QUEUE, ackMode = "MANUAL")
    void on(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        Object event;
        try {
            event = reader.read(message);
        } catch (EventReader.UnreadableMessage e) {
            log.warn("Parking unreadable result message {}: {}", message.getMessageProperties().getMessageId(),
                    e.getMessage());
            channel.basicReject(tag, false);
            return;
        }
        try {
            transientRetry.invoke(() -> apply(event));
            channel.basicAck(tag, false);
        } catch (DataIntegrityViolationException e) {
            // Another consumer recorded the same refresh id between our check and our insert: already applied.
            log.debug("Result {} was recorded concurrently", message.getMessageProperties().getMessageId());
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            if (TransientDatabaseError.is(e)) {
                log.warn("Could not apply result {} yet ({}); returning it to the broker",
                        message.getMessageProperties().getMessageId(), e.getClass().getSimpleName());
                // reject, not nack: from RabbitMQ 4.3 only a reject counts toward a quorum queue's delivery limit.
                channel.basicReject(tag, true);
                return;
            }
            log.error("Parking result {} that cannot be applied", message.getMessageProperties().getMessageId(), e);
            channel.basicReject(tag, false);
        }
    }

    private RefreshResults.Applied apply(Object event) {
        return switch (event) {
            case WindowUpdated updated -> results.apply(updated);
            case RefreshFailed failed -> results.apply(failed);
            default -> throw new EventReader.UnreadableMessage("not a result: " + event.getClass().getSimpleName());
        };
    }
}
