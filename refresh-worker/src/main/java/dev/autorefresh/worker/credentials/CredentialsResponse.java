package dev.autorefresh.worker.credentials;

import java.util.UUID;

/** The JSON body of {@code GET /internal/accounts/{id}/credentials}, see docs/internals.md. */
record CredentialsResponse(
        String status,
        UUID accountId,
        String accountName,
        String authType,
        String secret,
        String customEndpoint,
        String reason,
        Boolean verifyFirst) {

    @Override
    public String toString() {
        return "CredentialsResponse[status=" + status + ", accountId=" + accountId + ", secret=[redacted]]";
    }
}
