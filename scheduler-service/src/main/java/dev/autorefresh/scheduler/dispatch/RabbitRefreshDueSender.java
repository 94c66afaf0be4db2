package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@link RefreshDue} to the events exchange: persistent, mandatory, with correlated publisher confirms
 * awaited per batch. The body is the record as JSON; the AMQP {@code type} names the event, never a class.
 * <p>
 * Each RefreshDue starts its own trace (observation {@value #DISPATCH_OBSERVATION}): the template's observation puts
 * its context in the message headers, so the worker's consume, its calls and the api-service applying the result
 * continue the same trace. A tick dispatches many refreshes; they must not share the tick's trace.
 */
@Component
class RabbitRefreshDueSender implements RefreshDueSender {

    static final String DISPATCH_OBSERVATION = "autorefresh.refresh.dispatch";

    private static final Logger log = LoggerFactory.getLogger(RabbitRefreshDueSender.class);

    private final RabbitTemplate rabbit;
    private final ObservationRegistry observations;
    private final Tracer tracer;
    private final JsonMapper json;
    private final Duration confirmTimeout;

    RabbitRefreshDueSender(ConnectionFactory connectionFactory, JsonMapper json, DispatchSettings settings,
            ApplicationContext context, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<Tracer> tracer) {
        // Without confirms and returns an unroutable or refused message would look delivered.
        if (!connectionFactory.isPublisherConfirms() || !connectionFactory.isPublisherReturns()) {
            throw new IllegalStateException("RefreshDue needs publisher confirms and returns: set "
                    + "spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
        }
        this.rabbit = new RabbitTemplate(connectionFactory);
        this.rabbit.setMandatory(true);
        // A template made here (not Boot's) finds the ObservationRegistry through the context.
        this.rabbit.setApplicationContext(context);
        this.rabbit.setObservationEnabled(true);
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.json = json;
        this.confirmTimeout = settings.confirmTimeout();
    }

    @Override
    public List<Undelivered> sendAll(List<RefreshDue> events) {
        var undelivered = new ArrayList<Undelivered>();
        var sent = new ArrayList<Sent>(events.size());
        try {
            // The whole batch goes out on one channel. Sent one by one, each message took a channel from the cache,
            // which gets it back only once the broker confirmed: a burst opened and closed a channel every few
            // messages, which cost this service and the broker more than the publishing itself.
            rabbit.invoke(sameChannel -> {
                publish(events, sent, undelivered);
                return null;
            });
        } catch (AmqpException e) {
            // No channel could be opened: nothing of the batch was sent.
            for (RefreshDue event : events.subList(sent.size() + undelivered.size(), events.size())) {
                undelivered.add(new Undelivered(event, "not sent: " + e.getMessage()));
            }
        }
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        for (Sent one : sent) {
            Undelivered failure = awaitConfirm(one, deadline);
            if (failure != null) {
                undelivered.add(failure);
            }
        }
        return undelivered;
    }

    private void publish(List<RefreshDue> events, List<Sent> sent, List<Undelivered> undelivered) {
        AmqpException sendFailure = null;
        for (RefreshDue event : events) {
            if (sendFailure != null) {
                // The broker is unreachable: the rest of the batch waits for the next tick instead of timing out one by one.
                undelivered.add(new Undelivered(event, "not sent: " + sendFailure.getMessage()));
                continue;
            }
            var correlation = new CorrelationData(event.refreshId().toString());
            try {
                dispatch(event, correlation);
                sent.add(new Sent(event, correlation));
            } catch (AmqpException e) {
                sendFailure = e;
                undelivered.add(new Undelivered(event, "not sent: " + e.getMessage()));
            }
        }
    }

    /**
     * Publishes one RefreshDue as the root of a new trace. Neither the tick's observation nor its span may be the
     * parent, so both are set aside while the dispatch observation runs. Span attributes name the refresh and the
     * account by id only.
     */
    private void dispatch(RefreshDue event, CorrelationData correlation) {
        Observation dispatch = Observation.createNotStarted(DISPATCH_OBSERVATION, observations)
                .parentObservation(null)
                .contextualName("refresh dispatch")
                .highCardinalityKeyValue("autorefresh.refresh.id", event.refreshId().toString())
                .highCardinalityKeyValue("autorefresh.account.id", event.accountId().toString());
        try (Tracer.SpanInScope noParent = tracer.withSpan(null)) {
            dispatch.observe(() -> {
                // The first line of this refresh's trace: its trace id leads to the worker's and the api-service's.
                log.info("Dispatching auto-refresh {} for account {} (attempt {})", event.refreshId(),
                        event.accountName(), event.attempt());
                rabbit.send(Topology.EXCHANGE, Topology.REFRESH_DUE, toMessage(event), correlation);
            });
        }
    }

    /**
     * Returns why the message was not delivered, or null when the broker confirmed it and routed it to a queue.
     * Without a confirm (timeout, interrupted, channel closed first) the broker may still hold the message: that
     * outcome is ambiguous, not a refusal.
     */
    private Undelivered awaitConfirm(Sent sent, long deadline) {
        CorrelationData correlation = sent.correlation();
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Undelivered(sent.event(), "not confirmed within " + confirmTimeout, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Undelivered(sent.event(), "interrupted while awaiting the confirm", true);
        } catch (ExecutionException e) {
            return new Undelivered(sent.event(), "confirm failed: " + e.getCause(), true);
        }
        if (!confirm.ack()) {
            // The broker's own nack carries no reason; Spring nacks outstanding confirms with one (such as "Channel
            // closed by application") when the channel closes before they arrive, which says nothing of the message.
            return confirm.reason() == null
                    ? new Undelivered(sent.event(), "refused by the broker (nack)")
                    : new Undelivered(sent.event(), "no confirm before the channel closed: " + confirm.reason(), true);
        }
        // A return arrives before the ack of the same message, so it is known by now.
        ReturnedMessage returned = correlation.getReturned();
        if (returned != null) {
            return new Undelivered(sent.event(),
                    "returned as unroutable: " + returned.getReplyCode() + " " + returned.getReplyText());
        }
        return null;
    }

    private Message toMessage(RefreshDue event) {
        var properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setType(Topology.typeName(RefreshDue.class));
        properties.setMessageId(event.refreshId().toString());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setTimestamp(Date.from(event.dispatchedAt()));
        return new Message(json.writeValueAsBytes(event), properties);
    }

    private record Sent(RefreshDue event, CorrelationData correlation) {
    }
}
