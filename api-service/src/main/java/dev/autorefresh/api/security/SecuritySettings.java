package dev.autorefresh.api.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Who may call the API, and how hard a stranger may try.
 *
 * @param bootstrapAdminToken  stored (as its hash) as the admin token {@code bootstrap} at startup; blank: none.
 *                             At least 32 characters
 * @param singleUser           requests without credentials from loopback act as admin; refused at startup unless
 *                             {@code server.address} is a loopback address
 * @param lastUseResolution    a token's last-use time is written at most this often
 * @param maxFailedAttempts    failed authentications one remote address may make per {@code failureWindow}; the
 *                             next ones are answered 429 until the window ends
 * @param failureWindow        see {@code maxFailedAttempts}
 * @param trackedAddresses     addresses remembered at once for the above; bounded so a flood of sources cannot
 *                             exhaust memory (the oldest windows are forgotten first)
 * @param maxRequestBody       larger request bodies are refused with 413 before anything reads them
 */
@ConfigurationProperties("autorefresh.api.security")
public record SecuritySettings(
        String bootstrapAdminToken,
        @DefaultValue("false") boolean singleUser,
        @DefaultValue("1m") Duration lastUseResolution,
        @DefaultValue("10") Integer maxFailedAttempts,
        @DefaultValue("1m") Duration failureWindow,
        @DefaultValue("10000") Integer trackedAddresses,
        @DefaultValue("64KB") DataSize maxRequestBody) {

    static final String BOOTSTRAP_NAME = "bootstrap";

    public SecuritySettings {
        bootstrapAdminToken = bootstrapAdminToken == null || bootstrapAdminToken.isBlank() ? null
                : bootstrapAdminToken.trim();
        if (bootstrapAdminToken != null && bootstrapAdminToken.length() < ApiTokens.MIN_LENGTH) {
            throw new IllegalArgumentException("AUTOREFRESH_BOOTSTRAP_ADMIN_TOKEN (autorefresh.api.security."
                    + "bootstrap-admin-token) must be at least " + ApiTokens.MIN_LENGTH + " characters; generate "
                    + "one with: openssl rand -hex 32");
        }
        if (maxFailedAttempts < 1 || trackedAddresses < 1 || failureWindow == null || !failureWindow.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.security.max-failed-attempts, failure-window and "
                    + "tracked-addresses must be positive");
        }
    }

    @Override
    public String toString() {
        return "SecuritySettings[bootstrapAdminToken=" + (bootstrapAdminToken == null ? "<unset>" : "****")
                + ", singleUser=" + singleUser + ", maxFailedAttempts=" + maxFailedAttempts + ", failureWindow="
                + failureWindow + ", maxRequestBody=" + maxRequestBody + "]";
    }
}
