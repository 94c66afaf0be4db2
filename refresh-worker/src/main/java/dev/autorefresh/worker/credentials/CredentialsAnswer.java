package dev.autorefresh.worker.credentials;

/** The api-service's answer to "may I refresh this account now, and with what?". */
public sealed interface CredentialsAnswer {

    record Eligible(Credentials credentials) implements CredentialsAnswer {
    }

    /** Paused, disabled, deleted, not Anthropic or blocked for re-authentication: nothing is sent upstream. */
    record NotEligible(String reason) implements CredentialsAnswer {
    }

    /** This refresh, or a newer window, already has a result: a redelivery that must do nothing. */
    record AlreadyRefreshed(String reason) implements CredentialsAnswer {
    }

    /**
     * The api-service could not make the credentials ready this time (an OAuth token refresh failed on the network
     * or with a 5xx): a retryable failure, its reason from the api-service.
     */
    record RetryLater(String reason) implements CredentialsAnswer {
    }

    /** The api-service could not be asked (down, 5xx, refused our token, unreadable answer). */
    record Unavailable(String reason) implements CredentialsAnswer {
    }
}
