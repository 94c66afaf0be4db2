package dev.autorefresh.api.results;

import com.rabbitmq.client.Channel;
import dev.autorefresh.events.Topology;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes refresh results in batches (whatever has arrived, up to the container's batch size: a lone result is not
 * held back for others). Acknowledges only after the batch's transaction committed; a message that can never be
 * applied is rejected without requeue, so the broker parks it. A transient database failure (connection lost or
 * refused, server restarting, serialization failure, deadlock, see {@link TransientDatabaseError}) is retried here
 * with back-off for about a minute, so a database blip never parks a result (a parked result leaves its window to
 * the scheduler's lease); only a failure outlasting that is handed back to the broker, whose delivery limit bounds
 * the loop. A batch that fails anyway is settled message by message, each in its own transaction, so one bad
 * result is parked alone and an outage spends the delivery attempts of one result at a time, not of a batch.
 */
@Component
class RefreshResultListener {

    static final String ID = "refresh-results";
    static final String BATCH_SIZE = "autorefresh.results.batch.size";

    private static final Logger log = LoggerFactory.getLogger(RefreshResultListener.class);

    private final EventReader reader;
    private final RefreshResults results;
    private final ObservationRegistry observations;
    private final DistributionSummary batchSizes;
    private final RetryTemplate transientRetry = new RetryTemplate(RetryPolicy.builder()
            .predicate(TransientDatabaseError::is)
            .maxRetries(15)
            .delay(Duration.ofMillis(200))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(5))
            .build());

    RefreshResultListener(EventReader reader, RefreshResults results, ObservationRegistry observations,
            MeterRegistry meters) {
        this.reader = reader;
        this.results = results;
        this.observations = observations;
        this.batchSizes = DistributionSummary.builder(BATCH_SIZE)
                .description("Result messages a results consumer took in one batch")
                .register(meters);
    }

    /** A readable result and its observation: the listener timer and the refresh's trace, per message. */
    private static final class Delivery {

        private final Message message;
        private final RefreshResults.Incoming incoming;
        private boolean stopped;

        Delivery(Message message, RefreshResults.Incoming incoming) {
            this.message = message;
            this.incoming = incoming;
        }

        long tag() {
            return message.getMessageProperties().getDeliveryTag();
        }

        String id() {
            return message.getMessageProperties().getMessageId();
        }

        RefreshResults.Incoming incoming() {
            return incoming;
        }

        /** Ends the observation once, as a failure when {@code failure} is not null. */
        void stop(Throwable failure) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (failure != null) {
                incoming.observation().error(failure);
            }
            incoming.observation().stop();
        }
    }

    @RabbitListener(id = ID, queues = Topology.RESULTS_QUEUE, ackMode = "MANUAL", batch = "true")
    void on(List<Message> messages, Channel channel) throws IOException {
        batchSizes.record(messages.size());
        List<Delivery> readable = new ArrayList<>(messages.size());
        try {
            for (Message message : messages) {
                try {
                    Object event = reader.read(message);
                    readable.add(new Delivery(message, new RefreshResults.Incoming(event, observe(message))));
                } catch (EventReader.UnreadableMessage e) {
                    log.warn("Parking unreadable result message {}: {}", message.getMessageProperties().getMessageId(),
                            e.getMessage());
                    channel.basicReject(message.getMessageProperties().getDeliveryTag(), false);
                }
            }
            if (readable.isEmpty()) {
                return;
            }
            List<RefreshResults.Incoming> batch = readable.stream().map(Delivery::incoming).toList();
            try {
                transientRetry.invoke(() -> results.applyAll(batch));
            } catch (RuntimeException e) {
                if (readable.size() == 1) {
                    settleFailed(readable.getFirst(), e, channel);
                    return;
                }
                // One by one: a result that cannot be applied is parked alone, and while the database is away only
                // the result being retried spends a delivery attempt, the others wait unacknowledged for their turn.
                log.debug("A batch of {} results failed ({}); applying them one by one", readable.size(),
                        e.getClass().getSimpleName());
                for (Delivery delivery : readable) {
                    settleAlone(delivery, channel);
                }
                return;
            }
            for (Delivery delivery : readable) {
                acknowledge(delivery, channel);
            }
        } finally {
            // A channel that closed midway leaves the rest to be delivered again; their observations end here.
            readable.forEach(delivery -> delivery.stop(null));
        }
    }

    private void settleAlone(Delivery delivery, Channel channel) throws IOException {
        try {
            transientRetry.invoke(() -> results.applyAll(List.of(delivery.incoming())));
        } catch (RuntimeException e) {
            settleFailed(delivery, e, channel);
            return;
        }
        acknowledge(delivery, channel);
    }

    /**
     * A result that could not be applied. The accounts of a batch are locked before its recorded refreshes are read,
     * so a constraint violation is no race with another consumer: it is this message's own, and it is parked.
     */
    private void settleFailed(Delivery delivery, RuntimeException failure, Channel channel) throws IOException {
        delivery.stop(failure);
        if (TransientDatabaseError.is(failure)) {
            log.warn("Could not apply result {} yet ({}); returning it to the broker", delivery.id(),
                    failure.getClass().getSimpleName());
            // reject, not nack: from RabbitMQ 4.3 only a reject counts toward a quorum queue's delivery limit.
            channel.basicReject(delivery.tag(), true);
            return;
        }
        log.error("Parking result {} that cannot be applied", delivery.id(), failure);
        channel.basicReject(delivery.tag(), false);
    }

    private static void acknowledge(Delivery delivery, Channel channel) throws IOException {
        delivery.stop(null);
        channel.basicAck(delivery.tag(), false);
    }

    /**
     * The observation a single-message container would make (a batch container makes none): it records the listener
     * timer under its usual name and tags and continues the trace from the message's headers.
     */
    private Observation observe(Message message) {
        return RabbitListenerObservation.LISTENER_OBSERVATION.observation(ListenerTimings.INSTANCE,
                RabbitListenerObservation.DefaultRabbitListenerObservationConvention.INSTANCE,
                () -> new RabbitMessageReceiverContext(message, ID), observations).start();
    }
}
