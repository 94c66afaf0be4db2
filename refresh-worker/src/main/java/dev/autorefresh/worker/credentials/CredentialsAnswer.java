package dev.autorefresh.worker.credentials;

/** The api-service's answer to "may I refresh this account now, and with what?". */
public sealed interface CredentialsAnswer {

    /**
     * @param verifyFirst an earlier claim on this window expired without a result, so its message may have gone
     *                    out: send only if the usage check positively shows no open window; otherwise send nothing
     */
    record Eligible(Credentials credentials, boolean verifyFirst) implements CredentialsAnswer {
    }

    /**
     * Another delivery of this window holds a live claim (its call may be under way right now): sending would pay
     * twice. Acknowledge and do nothing; that claim's result, or its expiry, settles the window.
     */
    record InFlight(String reason) implements CredentialsAnswer {
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
