package dev.autorefresh.api.web;

/** The one error shape of the public API: a sentence for people, and optional structured details. */
record ApiError(String error, Object details) {

    static ApiError of(String error) {
        return new ApiError(error, null);
    }
}
