package dev.autorefresh.worker.messaging;

import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import dev.autorefresh.worker.refresh.ResultNotConfirmed;
import dev.autorefresh.worker.refresh.ResultPublisher;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Publishes results persistent and mandatory, and waits for the broker's confirm before reporting success. */
@Component
class RabbitResultPublisher implements ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(RabbitResultPublisher.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final RabbitTemplate template;
    private final JsonMapper json;
    private final ConsumerSettings settings;

    RabbitResultPublisher(ConnectionFactory connectionFactory, JsonMapper json, ConsumerSettings settings,
            ApplicationContext context) {
        if (!connectionFactory.isPublisherConfirms() || !connectionFactory.isPublisherReturns()) {
            throw new IllegalStateException("results need publisher confirms and returns: set "
                    + "spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
        }
        this.template = new RabbitTemplate(connectionFactory);
        this.template.setMandatory(true);
        // A returned result is read from its CorrelationData in publishOnce; nothing more to do here.
        this.template.setReturnsCallback(returned -> { });
        // The result carries the refresh's trace context to the api-service; a template made here (not Boot's) finds
        // the ObservationRegistry through the context.
        this.template.setApplicationContext(context);
        this.template.setObservationEnabled(true);
        this.json = json;
        this.settings = settings;
    }

    @Override
    public void publish(WindowUpdated result) {
        send(result.refreshId(), result);
    }

    @Override
    public void publish(RefreshFailed result) {
        send(result.refreshId(), result);
    }

    private void send(UUID refreshId, Record result) {
        Message message = MessageBuilder.withBody(json.writeValueAsBytes(result))
                .setContentType(MessageProperties.CONTENT_TYPE_JSON)
                .setContentEncoding("UTF-8")
                .setType(Topology.typeName(result.getClass()))
                .setMessageId(refreshId.toString())
                .setAppId("refresh-worker")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .build();
        String routingKey = Topology.routingKey(result.getClass());
        // The message upstream is already paid for: keep its result through a dropped channel or a broker restart,
        // with growing pauses, for up to the publish patience. Only then is the delivery returned to the queue; its
        // claim then expires and the window is taken as sent or checked, never paid twice.
        long deadline = System.nanoTime() + settings.publishPatience().toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            String problem = publishOnce(routingKey, message);
            if (problem == null) {
                if (attempt > 1) {
                    log.info("Published the result of refresh {} at attempt {}", refreshId, attempt);
                }
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ResultNotConfirmed(refreshId, problem + " (still after " + attempt + " attempts in "
                        + settings.publishPatience().toSeconds() + " s)");
            }
            log.warn("Publishing the result of refresh {} failed (attempt {}): {}; trying again", refreshId, attempt,
                    problem);
            if (!sleep(Math.min(pause.toNanos(), left))) {
                throw new ResultNotConfirmed(refreshId, problem + " (interrupted while waiting to publish again)");
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    private static boolean sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Returns null when the broker confirmed and routed the message, else what went wrong. */
    private String publishOnce(String routingKey, Message message) {
        var correlation = new CorrelationData(UUID.randomUUID().toString());
        try {
            template.send(Topology.EXCHANGE, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            ReturnedMessage returned = correlation.getReturned();
            if (returned != null) {
                return "returned unroutable (" + returned.getReplyCode() + " " + returned.getReplyText() + ")";
            }
            return confirm.ack() ? null : "nacked by the broker (" + confirm.reason() + ")";
        } catch (AmqpException e) {
            return "broker unavailable (" + e.getClass().getSimpleName() + ")";
        } catch (TimeoutException e) {
            return "no confirm within " + settings.confirmTimeout().toMillis() + " ms";
        } catch (ExecutionException e) {
            return "confirm failed (" + e.getCause().getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the confirm";
        }
    }
}
