package dev.autorefresh.api.notifications;

import java.util.Locale;

/** What a destination expects: our JSON event, or a Slack-compatible incoming webhook's {@code {"text": ...}}. */
enum WebhookKind {
    JSON,
    SLACK;

    /** @return null for anything else */
    static WebhookKind parse(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "slack" -> SLACK;
            default -> null;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
