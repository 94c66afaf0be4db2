package dev.autorefresh.events;

/** What the free usage check saw before a refresh. */
public enum UsageCheck {
    /** No check was made: an API-key account, or the check is turned off for this deployment. */
    SKIPPED,
    /** A five-hour window was already open; no message was sent. */
    OPEN,
    /** No five-hour window was open; the message was sent. */
    NOT_OPEN,
    /** The check itself failed (403, 404, 5xx, unknown shape) and the message was sent anyway. */
    FAILED
}
