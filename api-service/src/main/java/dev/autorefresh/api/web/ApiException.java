package dev.autorefresh.api.web;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, with the status and the words the caller gets, for refusals made at the HTTP edge;
 * features throw a {@link dev.autorefresh.api.refusals.Refusal} instead, so they need not know HTTP. Rendered by
 * {@link ApiErrorHandler}. The message must never contain a secret.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final transient Object details;

    public ApiException(HttpStatus status, String message, Object details) {
        // An expected refusal, not a bug: a stack trace would only cost time.
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public static ApiException badRequest(String message, Object details) {
        return new ApiException(HttpStatus.BAD_REQUEST, message, details);
    }

    public static ApiException notFound(String message, Object details) {
        return new ApiException(HttpStatus.NOT_FOUND, message, details);
    }

    public static ApiException conflict(String message, Object details) {
        return new ApiException(HttpStatus.CONFLICT, message, details);
    }

    public HttpStatus status() {
        return status;
    }

    public Object details() {
        return details;
    }
}
