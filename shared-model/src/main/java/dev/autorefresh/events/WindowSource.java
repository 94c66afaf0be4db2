package dev.autorefresh.events;

/** Where the window of a {@link WindowUpdated} came from, and so whether a paid message went out. */
public enum WindowSource {
    /** A paid message went out; the window is the unified reset header of its answer. */
    MESSAGE,
    /**
     * No message was sent: the free usage endpoint showed a five-hour window already open; the window is its
     * {@code five_hour.resets_at}.
     */
    USAGE_CHECK,
    /**
     * A paid message went out; the unified reset header was present but unreadable. The api-service estimates
     * the window; the message is never sent again.
     */
    ESTIMATED,
    /**
     * A paid message went out; the answer carried no unified (subscription) window at all, as an API-key
     * account's does. The account enters the state "no usage window" and gets no further messages.
     */
    NO_WINDOW
}
