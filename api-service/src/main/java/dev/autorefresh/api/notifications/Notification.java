package dev.autorefresh.api.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of an account's attention state, as the outbox holds it.
 *
 * @param eventId       the same for every delivery of this change, to every webhook: the receiver's idempotency key
 * @param state         {@code OK} (recovered) or what the account needs: {@code REAUTH_REQUIRED},
 *                      {@code TOKEN_ROTATION_INTERRUPTED}, {@code PAUSED_BY_FAILURES}, {@code NO_USAGE_WINDOW}
 * @param previousState the state before the change, in the same words
 * @param reason        why, as recorded on the account (never a secret); null for a recovery
 */
record Notification(UUID eventId, UUID accountId, String accountName, String state, String previousState,
        String reason, Instant occurredAt) {

    static final String OK = "OK";

    /** A "send a test notification" event: no account, its own id. */
    static Notification test(Instant now) {
        return new Notification(UUID.randomUUID(), null, null, "TEST", "TEST", null, now);
    }

    boolean isTest() {
        return accountId == null;
    }

    String type() {
        if (isTest()) {
            return "test";
        }
        return OK.equals(state) ? "account.recovered" : "account.needs_attention";
    }

    /** One line a person reads (the Slack text, and {@code text} in the JSON event). */
    String text() {
        if (isTest()) {
            return "auto-refresh: test notification. This webhook is configured correctly.";
        }
        if (OK.equals(state)) {
            return "auto-refresh: account " + accountName + " recovered (was: " + describe(previousState) + ").";
        }
        return "auto-refresh: account " + accountName + " needs attention: " + describe(state)
                + (reason == null || reason.isBlank() ? "." : " (" + reason + ").");
    }

    private static String describe(String state) {
        return switch (state) {
            case "REAUTH_REQUIRED" -> "re-authentication needed, replace its credentials";
            case "TOKEN_ROTATION_INTERRUPTED" -> "OAuth token rotation interrupted, log in again";
            case "PAUSED_BY_FAILURES" -> "auto-refresh paused after repeated failures";
            case "NO_USAGE_WINDOW" -> "its answers carry no usage window, auto-refresh stopped";
            default -> state;
        };
    }
}
