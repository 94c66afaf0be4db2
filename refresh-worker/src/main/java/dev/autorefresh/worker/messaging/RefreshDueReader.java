package dev.autorefresh.worker.messaging;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import java.util.stream.Collectors;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/** Reads a delivery by its AMQP {@code type}; class names never cross the wire. */
@Component
class RefreshDueReader {

    private static final int MAX_QUOTED = 64;

    private final JsonMapper json;

    RefreshDueReader(JsonMapper json) {
        this.json = json;
    }

    RefreshDue read(Message message) throws UnreadableMessage {
        String type = message.getMessageProperties().getType();
        Class<?> eventType = Topology.eventType(type).orElseThrow(() -> new UnreadableMessage(
                type == null ? "no type property" : "unknown type '" + clip(type) + "'"));
        if (eventType != RefreshDue.class) {
            throw new UnreadableMessage("type '" + type + "' does not belong on " + Topology.WORKER_QUEUE);
        }
        RefreshDue due;
        try {
            due = json.readValue(message.getBody(), RefreshDue.class);
        } catch (JacksonException e) {
            throw new UnreadableMessage(describe(e));
        }
        if (due == null) {
            throw new UnreadableMessage("empty JSON document");
        }
        return due;
    }

    /** Jackson's own messages may quote the body, so the reason is rebuilt from safe parts only. */
    private static String describe(JacksonException e) {
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return switch (invalid.getCause()) {
                case NullPointerException missing -> "missing required field " + clip(missing.getMessage());
                case IllegalArgumentException wrong -> "invalid RefreshDue: " + clip(wrong.getMessage());
                default -> "invalid RefreshDue";
            };
        }
        if (e instanceof StreamReadException) {
            return "malformed JSON" + location(e);
        }
        if (e instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = databind.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "wrong value for field " + clip(field);
        }
        return "not a RefreshDue (" + e.getClass().getSimpleName() + ")";
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_QUOTED ? printable : printable.substring(0, MAX_QUOTED) + "...";
    }
}
