package dev.autorefresh.events;

/** Why a refresh failed; the api-service maps each kind to its failure policy (docs/guarantees.md). */
public enum FailureKind {
    /** 401 or 403: the credentials were refused; needs re-authentication. */
    AUTH,
    /** 429 or 529: upstream asked us to wait. */
    RATE_LIMITED,
    /** Any other non-2xx status from upstream (5xx and unexpected 4xx). */
    UPSTREAM,
    /** No response: connection refused, reset, timeout. */
    NETWORK,
    /** A response we could not read, such as garbage in a rate-limit header. */
    INVALID_RESPONSE,
    /** The account was paused, disabled or deleted after dispatch; no upstream call was made. */
    NOT_ELIGIBLE,
    /**
     * Our own side was unavailable (the api-service unreachable or overloaded, the credentials could not be
     * fetched): no upstream call was made, so it never counts against the account.
     */
    UNAVAILABLE
}
