package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

class UnconfirmedResultTest extends WorkerIntegrationTest {

    @Test
    void dueWhoseResultCannotBeRoutedIsRedeliveredNotAcknowledgedUntilTheDeliveryLimitParksIt() {
        // Nothing is bound to refresh.failed now, so the mandatory publish of the result comes back.
        admin.removeBinding(resultsBinding(Topology.REFRESH_FAILED));
        RefreshDue due = due("unroutable-result", null);
        answerStatus(due, "NOT_ELIGIBLE", "auto-refresh off");
        double before = deliveries("requeued");

        publish(due);
        Message parked = awaitParked(due.refreshId().toString());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) parked.getMessageProperties()
                .getHeaders().get("x-death");
        assertThat(deaths).singleElement()
                .satisfies(death -> assertThat(death.get("reason")).isEqualTo("delivery_limit"));
        // Every delivery asked again: the redelivery is not acknowledged blindly.
        int deliveries = apiService.findAll(getRequestedFor(urlPathEqualTo(credentialsPath(due)))).size();
        assertThat(deliveries).isGreaterThan(Topology.DELIVERY_LIMIT);
        assertThat(deliveries("requeued") - before).isEqualTo(deliveries);
        assertThat(upstreamRequests()).isEmpty();
    }
}
