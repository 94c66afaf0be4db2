package dev.autorefresh.scheduler.dispatch;

import static dev.autorefresh.scheduler.dispatch.Accounts.eligibleAndDue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.testsupport.PrometheusScrape;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator's tools read from the scheduler over HTTP: the health probes and the Prometheus scrape. The
 * clock is off; the test runs ticks itself through the same lock-guarded bean the clock calls.
 */
@SchedulerIntegrationTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchedulerObservabilityTest {

    @LocalServerPort
    int port;
    @Autowired
    DispatchTick tick;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    JsonMapper json;
    @RegisterExtension
    final Accounts accounts = new Accounts();

    @Test
    void readinessCoversTheDatabaseAndTheBrokerAndLivenessNeither() {
        var ready = json.readTree(PrometheusScrape.get(port, "/actuator/health/readiness"));
        assertThat(ready.get("status").stringValue()).isEqualTo("UP");
        assertThat(ready.get("components").propertyNames()).containsExactlyInAnyOrder("db", "rabbit", "readinessState");

        var live = json.readTree(PrometheusScrape.get(port, "/actuator/health/liveness"));
        assertThat(live.get("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    void aTickIsTimedAndCountsWhatItDispatchedAndTheBacklogItCleared() {
        UUID first = accounts.insert(eligibleAndDue("backlog-1"));
        accounts.insert(eligibleAndDue("backlog-2"));
        accounts.insert(eligibleAndDue("backlog-3"));
        PrometheusScrape before = PrometheusScrape.of(port);
        assertThat(before.sum("autorefresh_scheduler_due_backlog")).isEqualTo(3);

        try (RefreshDueQueue queue = RefreshDueQueue.bind(admin, rabbit, json)) {
            tick.tick();
            assertThat(queue.awaitAtLeast(3)).hasSize(3);
        }

        PrometheusScrape after = PrometheusScrape.of(port);
        assertThat(after.sum("autorefresh_scheduler_due_backlog")).isZero();
        assertThat(delta(before, after, "autorefresh_scheduler_tick_seconds_count", "outcome", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "autorefresh_scheduler_dispatches_count")).isEqualTo(1);
        assertThat(delta(before, after, "autorefresh_scheduler_dispatches_sum")).isEqualTo(3);
        // One dispatch observation (the root span of each refresh's trace) per RefreshDue.
        assertThat(delta(before, after, "autorefresh_refresh_dispatch_seconds_count", "error", "none")).isEqualTo(3);
        assertThat(delta(before, after, "autorefresh_scheduler_publish_failures_total")).isZero();
        assertThat(after.text()).doesNotContain("backlog-1", first.toString());
    }

    @Test
    void refreshDueTheBrokerRefusedAreCountedAsPublishFailures() {
        accounts.insert(eligibleAndDue("refused-1"));
        accounts.insert(eligibleAndDue("refused-2"));
        PrometheusScrape before = PrometheusScrape.of(port);

        try (RefreshDueQueue full = RefreshDueQueue.bindRefusing(admin, rabbit, json)) {
            tick.tick();
        }

        PrometheusScrape after = PrometheusScrape.of(port);
        assertThat(delta(before, after, "autorefresh_scheduler_publish_failures_total")).isEqualTo(2);
        assertThat(delta(before, after, "autorefresh_scheduler_dispatches_sum")).isZero();
        // Their leases were expired at once: both are back in the backlog for the next tick.
        await().untilAsserted(() -> assertThat(PrometheusScrape.of(port).sum("autorefresh_scheduler_due_backlog"))
                .isEqualTo(2));
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
