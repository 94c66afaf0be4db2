package dev.autorefresh.api.refresh;

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
        String reason) {

    static CredentialsAnswer eligible(Account account, String authType, String secret) {
        return new CredentialsAnswer("ELIGIBLE", account.id(), account.name(), authType, secret,
                account.customEndpoint(), null);
    }

    static CredentialsAnswer notEligible(UUID accountId, String reason) {
        return new CredentialsAnswer("NOT_ELIGIBLE", accountId, null, null, null, null, reason);
    }

    /** The credentials cannot be made ready now (the OAuth token endpoint failed); the worker reports a retryable failure. */
    static CredentialsAnswer retryLater(UUID accountId, String reason) {
        return new CredentialsAnswer("RETRY_LATER", accountId, null, null, null, null, reason);
    }

    static CredentialsAnswer alreadyRefreshed(UUID accountId, String reason) {
        return new CredentialsAnswer("ALREADY_REFRESHED", accountId, null, null, null, null, reason);
    }

    @Override
    public String toString() {
        return "CredentialsAnswer[" + status + ", " + accountId + "]";
    }
}
