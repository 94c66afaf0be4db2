package dev.autorefresh.api.notifications;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The body each kind of webhook gets. */
@Component
class Payloads {

    private final JsonMapper json;

    Payloads(JsonMapper json) {
        this.json = json;
    }

    byte[] body(WebhookKind kind, Notification notification) {
        return json.writeValueAsBytes(switch (kind) {
            case SLACK -> Map.of("text", notification.text());
            case JSON -> event(notification);
        });
    }

    private static Map<String, Object> event(Notification notification) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", notification.eventId().toString());
        event.put("type", notification.type());
        event.put("occurredAt", notification.occurredAt().toString());
        if (!notification.isTest()) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("id", notification.accountId().toString());
            account.put("name", notification.accountName());
            event.put("account", account);
            event.put("state", notification.state());
            event.put("previousState", notification.previousState());
            event.put("reason", notification.reason());
        }
        event.put("text", notification.text());
        return event;
    }
}
