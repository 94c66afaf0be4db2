package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.scheduler.dispatch.RefreshDueQueue.Delivery;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each RefreshDue leaves with a trace of its own in its headers ({@code traceparent}), never the trace of the tick
 * that dispatched it: one trace is one refresh.
 */
@SchedulerIntegrationTest
class DispatchTracingTest {

    private static final String TRACEPARENT = "00-([0-9a-f]{32})-[0-9a-f]{16}-01";

    @Autowired
    Dispatcher dispatcher;
    @Autowired
    ObservationRegistry observations;
    @Autowired
    Tracer tracer;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    JsonMapper json;
    @RegisterExtension
    final Accounts accounts = new Accounts();

    @Test
    void everyDispatchedRefreshStartsItsOwnTraceOutsideTheTicksTrace() {
        accounts.insert(eligibleAndDue("traced-1"));
        accounts.insert(eligibleAndDue("traced-2"));
        var tickTrace = new AtomicReference<String>();

        try (RefreshDueQueue queue = RefreshDueQueue.bind(admin, rabbit, json)) {
            // As the scheduled tick runs: inside an observation of its own.
            Observation.createNotStarted("test.tick", observations).observe(() -> {
                tickTrace.set(tracer.currentSpan().context().traceId());
                assertThat(dispatcher.dispatchDue().published()).isEqualTo(2);
            });
            List<Delivery> deliveries = queue.awaitAtLeast(2);

            List<String> traces = deliveries.stream().map(DispatchTracingTest::traceId).toList();
            assertThat(traces).hasSize(2).doesNotHaveDuplicates().doesNotContain(tickTrace.get());
        }
        assertThat(tracer.currentSpan()).as("nothing left in scope").isNull();
    }

    private static String traceId(Delivery delivery) {
        Object header = delivery.properties().getHeaders().get("traceparent");
        assertThat(header).as("traceparent of " + delivery.event().accountName()).isNotNull();
        String traceparent = header.toString();
        assertThat(traceparent).matches(TRACEPARENT);
        return traceparent.substring(3, 35);
    }
}
