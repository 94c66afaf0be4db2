package dev.autorefresh.api.refusals;

/**
 * A request a feature refuses, in words the caller gets, with optional structured details. Features throw its
 * kinds ({@link InvalidRequest}, {@link NotFound}, {@link Conflict}) or their own subclasses of them; the web layer
 * turns each kind into its status code and the {@code {"error", "details"}} body, so no feature knows about HTTP.
 * The message and the details must never contain a secret.
 */
public abstract sealed class Refusal extends RuntimeException permits InvalidRequest, NotFound, Conflict {

    private final transient Object details;

    Refusal(String message, Object details) {
        // An expected refusal, not a bug: a stack trace would only cost time.
        super(message, null, false, false);
        this.details = details;
    }

    /** Structured details for the caller (a field or parameter name, a limit), or null. */
    public Object details() {
        return details;
    }
}
