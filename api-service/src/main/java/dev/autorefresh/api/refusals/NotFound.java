package dev.autorefresh.api.refusals;

/** What the request names does not exist (or is not shown to the caller): 404. */
public non-sealed class NotFound extends Refusal {

    public NotFound(String message, Object details) {
        super(message, details);
    }
}
