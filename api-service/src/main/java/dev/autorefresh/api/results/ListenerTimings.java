package dev.autorefresh.api.results;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservationConvention;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;

/**
 * The observation a results delivery records (RefreshResultListener starts one per message, because a batch listener
 * container makes none); it carries the trace context from the message headers. This convention keeps the name and
 * tags of the timer a listener container records without observation,
 * {@code spring.rabbitmq.listener{listener.id, queue, result, exception}}, so dashboards and alerts built on it keep
 * working.
 */
final class ListenerTimings implements RabbitListenerObservationConvention {

    static final ListenerTimings INSTANCE = new ListenerTimings();

    private ListenerTimings() {
    }

    @Override
    public String getName() {
        return "spring.rabbitmq.listener";
    }

    @Override
    public String getContextualName(RabbitMessageReceiverContext context) {
        return RabbitListenerObservation.DefaultRabbitListenerObservationConvention.INSTANCE.getContextualName(context);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RabbitMessageReceiverContext context) {
        Throwable error = context.getError();
        String queue = context.getCarrier().getMessageProperties().getConsumerQueue();
        return KeyValues.of(
                KeyValue.of("listener.id", context.getListenerId()),
                KeyValue.of("queue", queue == null ? "none" : queue),
                KeyValue.of("result", error == null ? "success" : "failure"),
                KeyValue.of("exception", error == null ? "none" : error.getClass().getSimpleName()));
    }
}
