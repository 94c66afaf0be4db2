package dev.autorefresh.worker.credentials;

import java.util.Objects;

/**
 * What the worker needs to send one dummy message for an account. Lives only for that call.
 *
 * @param secret         the OAuth access token or the API key; never logged, never published
 * @param customEndpoint the account's own endpoint (full messages URL or base URL), or null
 */
public record Credentials(String accountName, AuthType authType, String secret, String customEndpoint) {

    public Credentials {
        Objects.requireNonNull(authType, "authType");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret missing");
        }
    }

    @Override
    public String toString() {
        return "Credentials[accountName=" + accountName + ", authType=" + authType + ", secret=[redacted], "
                + "customEndpoint=" + (customEndpoint == null ? "none" : "set") + "]";
    }
}
