package dev.autorefresh.api.results;

import dev.autorefresh.events.Topology;
import org.springframework.amqp.core.Message;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns a broker message into an event record, or says precisely why it cannot. */
@Component
class EventReader {

    private final JsonMapper json;

    EventReader(JsonMapper json) {
        this.json = json;
    }

    Object read(Message message) {
        String type = message.getMessageProperties().getType();
        Class<?> eventType = Topology.eventType(type)
                .orElseThrow(() -> new UnreadableMessage("unknown event type '" + type + "'"));
        try {
            return json.readValue(message.getBody(), eventType);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // Only the parser's own words: the body itself is never echoed into a log.
            throw new UnreadableMessage("not a valid " + type + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    static final class UnreadableMessage extends RuntimeException {
        UnreadableMessage(String message) {
            super(message);
        }
    }
}
