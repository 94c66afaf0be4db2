package dev.autorefresh.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.amqp.core.Message;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the worker does with a RefreshDue it cannot read (parks it at once, calls nothing, logs no body) and with
 * one written by a newer scheduler (reads what it knows, handles it).
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableMessageTest extends WorkerIntegrationTest {

    /** Stands for anything a broken publisher might put in a body; it must not reach the log. */
    private static final String MARKER = "sk-ant-oat01-body-marker";

    static Stream<Arguments> unreadable() {
        String valid = """
                {"refreshId":"%s","accountId":"%s","accountName":"%s","attempt":1,
                 "dueAt":"2026-11-28T10:00:00Z","dispatchedAt":"2026-11-28T10:00:00Z"}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), MARKER);
        return Stream.of(
                Arguments.of("malformed JSON", "RefreshDue", "{\"refreshId\": \"" + MARKER),
                Arguments.of("unknown type", "RefreshRequested", valid),
                Arguments.of("class name as type", "dev.autorefresh.events.RefreshDue", valid),
                Arguments.of("missing type", null, valid),
                Arguments.of("another event's type", "WindowUpdated", valid),
                Arguments.of("missing required field", "RefreshDue",
                        valid.replaceFirst("\"refreshId\":\"[^\"]+\",", "")),
                Arguments.of("attempt below one", "RefreshDue", valid.replace("\"attempt\":1", "\"attempt\":0")),
                Arguments.of("not a UUID", "RefreshDue", valid.replaceFirst("\"accountId\":\"[^\"]+\"",
                        "\"accountId\":\"" + MARKER + "\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void goesToTheParkingLotAtOnceWithoutAnyCallOrResult(String problem, String type, String body,
            CapturedOutput output) {
        String messageId = UUID.randomUUID().toString();

        publishRaw(type, body, messageId);
        Message parked = awaitParked(messageId);

        // Rejected without requeue on its first delivery, not dead-lettered by the delivery limit.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> deaths = (List<Map<String, Object>>) parked.getMessageProperties()
                .getHeaders().get("x-death");
        assertThat(deaths).singleElement().satisfies(death -> {
            assertThat(death.get("reason")).isEqualTo("rejected");
            assertThat(death.get("queue")).isEqualTo(Topology.WORKER_QUEUE);
            assertThat(death.get("count")).isEqualTo(1L);
        });
        assertThat(parked.getBody()).isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(rabbit.receive(RESULTS)).isNull();
        assertThat(apiService.getAllServeEvents()).isEmpty();
        assertThat(upstreamRequests()).isEmpty();
        assertThat(output.getOut()).contains("Parking unreadable message (message_id " + messageId)
                .doesNotContain(MARKER);
    }

    @Test
    void dueWithFieldsThisWorkerDoesNotKnowIsStillHandled() {
        RefreshDue due = due("newer-scheduler", expiredWindow);
        answerStatus(due, "NOT_ELIGIBLE", "auto-refresh off");
        String newer = json.writeValueAsString(due).replaceFirst("\\{", "{\"priority\":\"high\",");

        publishRaw("RefreshDue", newer, due.refreshId().toString());

        assertThat(awaitRefreshFailed(due).kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
    }
}
