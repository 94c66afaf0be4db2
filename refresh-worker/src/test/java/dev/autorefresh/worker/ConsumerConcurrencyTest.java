package dev.autorefresh.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.RefreshDue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * How many refreshes one worker holds in flight: as many as its consumers ({@code consumer.concurrency}, one
 * delivery each), never more, measured at the stub upstream rather than by how long a burst takes.
 */
class ConsumerConcurrencyTest extends WorkerIntegrationTest {

    @Value("${autorefresh.worker.consumer.concurrency}")
    int concurrency;

    @Test
    void slowCallsOverlapUpToTheConsumerConcurrencyAndNeverBeyondIt() {
        // Three times the consumers, each call slow enough that every consumer is busy before the first returns.
        int refreshes = 3 * concurrency;
        List<RefreshDue> dues = new ArrayList<>();
        for (int i = 0; i < refreshes; i++) {
            RefreshDue due = due("parallel-" + i, expiredWindow);
            answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
            dues.add(due);
        }
        messagesInFlight.holdFor(Duration.ofMillis(1_200));
        upstreamAnswers(accepted().withTransformers(InFlightCalls.NAME));

        dues.forEach(this::publish);
        dues.forEach(this::awaitWindowUpdated);

        assertThat(messagesInFlight.peak()).as("message calls in progress at once").isEqualTo(concurrency);
        assertThat(upstreamRequests()).hasSize(refreshes);
    }
}
