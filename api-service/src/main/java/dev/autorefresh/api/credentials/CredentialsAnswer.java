package dev.autorefresh.api.credentials;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.autorefresh.api.accounts.Account;
import java.util.UUID;

/** The internal endpoint's answer (docs/internals.md). The only place a secret leaves the api-service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CredentialsAnswer(
        String status,
        UUID accountId,
        String accountName,
        String authType,
        String secret,
        String customEndpoint,
        String reason,
        Boolean verifyFirst) {

    /**
     * @param verifyFirst the claim replaced one that expired without a result: the worker sends only if the usage
     *                    check positively shows no open window (present in the JSON only when true)
     */
    static CredentialsAnswer eligible(Account account, String authType, String secret, boolean verifyFirst) {
        return new CredentialsAnswer("ELIGIBLE", account.id(), account.name(), authType, secret,
                account.customEndpoint(), null, verifyFirst ? Boolean.TRUE : null);
    }

    /** Another request holds a live claim on this window: the worker acknowledges and sends nothing. */
    static CredentialsAnswer inFlight(UUID accountId, String reason) {
        return new CredentialsAnswer("IN_FLIGHT", accountId, null, null, null, null, reason, null);
    }

    static CredentialsAnswer notEligible(UUID accountId, String reason) {
        return new CredentialsAnswer("NOT_ELIGIBLE", accountId, null, null, null, null, reason, null);
    }

    /** The credentials cannot be made ready now (the OAuth token endpoint failed); the worker reports a retryable failure. */
    static CredentialsAnswer retryLater(UUID accountId, String reason) {
        return new CredentialsAnswer("RETRY_LATER", accountId, null, null, null, null, reason, null);
    }

    static CredentialsAnswer alreadyRefreshed(UUID accountId, String reason) {
        return new CredentialsAnswer("ALREADY_REFRESHED", accountId, null, null, null, null, reason, null);
    }

    @Override
    public String toString() {
        return "CredentialsAnswer[" + status + ", " + accountId + "]";
    }
}
