package dev.autorefresh.api.refusals;

/** The request itself is wrong (a missing or malformed value, a value outside what is allowed): 400. */
public non-sealed class InvalidRequest extends Refusal {

    public InvalidRequest(String message, Object details) {
        super(message, details);
    }
}
