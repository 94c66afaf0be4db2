package dev.autorefresh.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.events.RefreshDue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

class RefreshDueReaderTest {

    private final RefreshDueReader reader = new RefreshDueReader(JsonMapper.builder().build());

    private final UUID refreshId = UUID.randomUUID();
    private final UUID accountId = UUID.randomUUID();

    private static Message message(String type, String body) {
        var builder = MessageBuilder.withBody(body.getBytes(StandardCharsets.UTF_8)).setContentType("application/json");
        if (type != null) {
            builder.setType(type);
        }
        return builder.build();
    }

    private String validBody() {
        return """
                {"refreshId":"%s","accountId":"%s","accountName":"my-account","windowResetAt":"2026-11-28T10:00:00Z",
                 "attempt":1,"dueAt":"2026-11-28T10:00:01Z","dispatchedAt":"2026-11-28T10:00:01.250Z"}"""
                .formatted(refreshId, accountId);
    }

    @Test
    void readsARefreshDueByItsTypeProperty() throws UnreadableMessage {
        RefreshDue due = reader.read(message("RefreshDue", validBody()));

        assertThat(due).isEqualTo(new RefreshDue(refreshId, accountId, "my-account",
                Instant.parse("2026-11-28T10:00:00Z"), 1, Instant.parse("2026-11-28T10:00:01Z"),
                Instant.parse("2026-11-28T10:00:01.250Z")));
    }

    @Test
    void toleratesFieldsAddedByANewerPublisher() throws UnreadableMessage {
        String newer = validBody().replace("\"attempt\":1", "\"attempt\":1,\"priority\":\"high\"");

        assertThat(reader.read(message("RefreshDue", newer)).refreshId()).isEqualTo(refreshId);
    }

    @Test
    void refusesAMessageWithoutType() {
        assertThatThrownBy(() -> reader.read(message(null, validBody())))
                .isInstanceOf(UnreadableMessage.class).hasMessage("no type property");
    }

    @Test
    void refusesAnUnknownType() {
        assertThatThrownBy(() -> reader.read(message("dev.autorefresh.events.RefreshDue", validBody())))
                .isInstanceOf(UnreadableMessage.class).hasMessage("unknown type 'dev.autorefresh.events.RefreshDue'");
    }

    @Test
    void refusesAnotherEventOnTheWorkerQueue() {
        assertThatThrownBy(() -> reader.read(message("WindowUpdated", validBody())))
                .isInstanceOf(UnreadableMessage.class).hasMessageContaining("does not belong");
    }

    @Test
    void refusesMalformedJsonWithoutQuotingIt() {
        assertThatThrownBy(() -> reader.read(message("RefreshDue", "{\"refreshId\": sk-ant-secret-token")))
                .isInstanceOf(UnreadableMessage.class)
                .hasMessageStartingWith("malformed JSON")
                .hasMessageNotContaining("sk-ant");
    }

    @Test
    void refusesAMissingRequiredField() {
        String withoutRefreshId = validBody().replace("\"refreshId\":\"" + refreshId + "\",", "");

        assertThatThrownBy(() -> reader.read(message("RefreshDue", withoutRefreshId)))
                .isInstanceOf(UnreadableMessage.class).hasMessage("missing required field refreshId");
    }

    @Test
    void refusesAWrongValueWithoutQuotingIt() {
        String badUuid = validBody().replace(accountId.toString(), "sk-ant-not-a-uuid");

        assertThatThrownBy(() -> reader.read(message("RefreshDue", badUuid)))
                .isInstanceOf(UnreadableMessage.class)
                .hasMessage("wrong value for field accountId")
                .hasMessageNotContaining("sk-ant");
    }

    @Test
    void refusesAnEmptyDocument() {
        assertThatThrownBy(() -> reader.read(message("RefreshDue", "null"))).isInstanceOf(UnreadableMessage.class);
        assertThatThrownBy(() -> reader.read(message("RefreshDue", ""))).isInstanceOf(UnreadableMessage.class);
        assertThatThrownBy(() -> reader.read(message("RefreshDue", "[1,2]"))).isInstanceOf(UnreadableMessage.class);
    }
}
