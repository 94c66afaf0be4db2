package dev.autorefresh.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final UUID refreshId = UUID.fromString("2f1d8a52-6a77-4c4c-9a5e-1b2c3d4e5f60");
    private final UUID accountId = UUID.fromString("9b0e6a0e-0d9a-4bb1-8f7a-0a1b2c3d4e5f");
    private final Instant reset = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void refreshDueRoundTripsWithIsoInstants() {
        var due = new RefreshDue(refreshId, accountId, "my-account", reset, 1, reset.plusSeconds(1),
                Instant.parse("2026-11-28T10:00:01.250Z"));

        String text = json.writeValueAsString(due);

        JsonNode tree = json.readTree(text);
        assertThat(tree.get("windowResetAt").asString()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(tree.get("dispatchedAt").asString()).isEqualTo("2026-11-28T10:00:01.250Z");
        assertThat(tree.get("refreshId").asString()).isEqualTo(refreshId.toString());
        assertThat(json.readValue(text, RefreshDue.class)).isEqualTo(due);
    }

    @Test
    void refreshDueForAWindowNeverSeenCarriesNullReset() {
        var due = new RefreshDue(refreshId, accountId, "fresh", null, 1, reset, reset);

        String text = json.writeValueAsString(due);

        assertThat(json.readTree(text).get("windowResetAt").isNull()).isTrue();
        assertThat(json.readValue(text, RefreshDue.class)).isEqualTo(due);
    }

    @Test
    void windowUpdatedRoundTripsWithItsSourceAndUsageCheck() {
        var updated = new WindowUpdated(refreshId, accountId, reset, reset.plusSeconds(5 * 3600), "allowed", 42,
                200, "claude-3-5-haiku-20241022", reset.plusMillis(1_200), 180, "worker-1", WindowSource.USAGE_CHECK,
                UsageCheck.OPEN);

        String text = json.writeValueAsString(updated);

        JsonNode tree = json.readTree(text);
        assertThat(tree.get("newResetAt").asString()).isEqualTo("2026-11-28T15:00:00Z");
        assertThat(tree.get("source").asString()).isEqualTo("USAGE_CHECK");
        assertThat(tree.get("usageCheck").asString()).isEqualTo("OPEN");
        assertThat(tree.has("messageSent")).isFalse();
        assertThat(json.readValue(text, WindowUpdated.class)).isEqualTo(updated);
    }

    @Test
    void windowUpdatedFromAnOlderProducerReadsItsSourceFromTheReset() {
        String withReset = """
                {"refreshId":"%s","accountId":"%s","newResetAt":"2026-11-28T15:00:00Z","httpStatus":200,
                 "sentAt":"2026-11-28T10:00:00Z","latencyMs":5}""".formatted(refreshId, accountId);
        String withoutReset = """
                {"refreshId":"%s","accountId":"%s","httpStatus":200,
                 "sentAt":"2026-11-28T10:00:00Z","latencyMs":5}""".formatted(refreshId, accountId);

        WindowUpdated message = json.readValue(withReset, WindowUpdated.class);
        WindowUpdated noWindow = json.readValue(withoutReset, WindowUpdated.class);

        assertThat(message.source()).isEqualTo(WindowSource.MESSAGE);
        assertThat(message.usageCheck()).isEqualTo(UsageCheck.SKIPPED);
        assertThat(message.messageSent()).isTrue();
        assertThat(noWindow.source()).isEqualTo(WindowSource.NO_WINDOW);
        assertThat(noWindow.usageCheck()).isEqualTo(UsageCheck.SKIPPED);
    }

    @Test
    void windowUpdatedCarriesWhatTheMessageCostAndReadsNullTokensFromAnOlderProducer() {
        var paid = new WindowUpdated(refreshId, accountId, reset, reset.plusSeconds(5 * 3600), "allowed", 42, 200,
                "m", reset, 180, "worker-1", WindowSource.MESSAGE, UsageCheck.NOT_OPEN, 12, 10);
        String older = """
                {"refreshId":"%s","accountId":"%s","newResetAt":"2026-11-28T15:00:00Z","httpStatus":200,
                 "sentAt":"2026-11-28T10:00:00Z","latencyMs":5,"source":"MESSAGE"}""".formatted(refreshId, accountId);

        String text = json.writeValueAsString(paid);
        WindowUpdated fromOlder = json.readValue(older, WindowUpdated.class);

        assertThat(json.readTree(text).get("inputTokens").asInt()).isEqualTo(12);
        assertThat(json.readTree(text).get("outputTokens").asInt()).isEqualTo(10);
        assertThat(json.readValue(text, WindowUpdated.class)).isEqualTo(paid);
        assertThat(fromOlder.inputTokens()).isNull();
        assertThat(fromOlder.outputTokens()).isNull();
        assertThatThrownBy(() -> new WindowUpdated(refreshId, accountId, reset, reset, null, null, 200, "m", reset, 1,
                "w", WindowSource.MESSAGE, UsageCheck.SKIPPED, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUsageCheckResultCarriesTheWindowItSawAndSentNoMessage() {
        var seen = new WindowUpdated(refreshId, accountId, reset, reset.plusSeconds(3600), null, null, 200, null,
                reset, 30, "w", WindowSource.USAGE_CHECK, UsageCheck.OPEN);

        assertThat(seen.messageSent()).isFalse();
        assertThatThrownBy(() -> new WindowUpdated(refreshId, accountId, reset, null, null, null, 200, null, reset,
                30, "w", WindowSource.USAGE_CHECK, UsageCheck.OPEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refreshFailedRoundTripsWithItsKindAsNameAndItsWindow() {
        var failed = new RefreshFailed(refreshId, accountId, reset, FailureKind.RATE_LIMITED, 429,
                "429 Too Many Requests", reset.plusSeconds(60), reset, "worker-2");

        String text = json.writeValueAsString(failed);

        JsonNode tree = json.readTree(text);
        assertThat(tree.get("kind").asString()).isEqualTo("RATE_LIMITED");
        assertThat(tree.get("windowResetAt").asString()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(json.readValue(text, RefreshFailed.class)).isEqualTo(failed);
    }

    @Test
    void refreshFailedForAWindowNeverSeenCarriesNullWindow() {
        var failed = new RefreshFailed(refreshId, accountId, null, FailureKind.UNAVAILABLE, null,
                "credentials unavailable", null, reset, "worker-2");

        String text = json.writeValueAsString(failed);

        assertThat(json.readTree(text).get("windowResetAt").isNull()).isTrue();
        assertThat(json.readValue(text, RefreshFailed.class)).isEqualTo(failed);
    }

    @Test
    void refusesAnEventWithoutItsIdempotencyKey() {
        String text = """
                {"accountId":"%s","accountName":"a","attempt":1,"dueAt":"2026-11-28T10:00:00Z",
                 "dispatchedAt":"2026-11-28T10:00:00Z"}""".formatted(accountId);

        assertThatThrownBy(() -> json.readValue(text, RefreshDue.class))
                .isInstanceOf(DatabindException.class)
                .hasMessageContaining("refreshId");
    }

    @Test
    void refusesAnUnknownFailureKind() {
        String text = """
                {"refreshId":"%s","accountId":"%s","kind":"GREMLINS","sentAt":"2026-11-28T10:00:00Z"}"""
                .formatted(refreshId, accountId);

        assertThatThrownBy(() -> json.readValue(text, RefreshFailed.class)).isInstanceOf(DatabindException.class);
    }

    @Test
    void refusesAWindowUpdateFromANonSuccessStatus() {
        assertThatThrownBy(() -> new WindowUpdated(refreshId, accountId, reset, reset, null, null, 500, "m",
                reset, 1, "w", WindowSource.MESSAGE, UsageCheck.SKIPPED)).isInstanceOf(IllegalArgumentException.class);
    }
}
