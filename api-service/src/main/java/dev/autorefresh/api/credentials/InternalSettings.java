package dev.autorefresh.api.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The internal endpoint workers fetch credentials from.
 *
 * @param serviceToken          shared secret workers present as a bearer token; blank disables the endpoint. At
 *                              least 32 characters: it opens every account's credentials
 * @param maxConcurrentLookups  credential lookups served at once; the rest wait their turn. Each holds a pooled
 *                              database connection, so this stays below the pool size: the results consumers and
 *                              the public API keep connections of their own however many workers ask at once
 * @param lookupWait            how long a lookup may wait for its turn before it is answered 503; below the
 *                              workers' credentials timeout (10 s by default), so a worker never gives up on an
 *                              answer that is still coming
 */
@ConfigurationProperties("autorefresh.api.internal")
public record InternalSettings(
        String serviceToken,
        // 6 of the 12 pooled connections: a lookup is two short queries, so 6 at once saturate this
        // service's CPU long before they saturate the database.
        @DefaultValue("6") Integer maxConcurrentLookups,
        @DefaultValue("8s") Duration lookupWait) {

    static final int MIN_TOKEN_LENGTH = 32;

    public InternalSettings {
        if (serviceToken != null && !serviceToken.isBlank() && serviceToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("autorefresh.api.internal.service-token (env AUTOREFRESH_SERVICE_TOKEN) "
                    + "must be at least " + MIN_TOKEN_LENGTH + " characters; generate one with: openssl rand -hex 32");
        }
        if (maxConcurrentLookups < 1) {
            throw new IllegalArgumentException("autorefresh.api.internal.max-concurrent-lookups must be at least 1");
        }
        if (lookupWait == null || !lookupWait.isPositive()) {
            throw new IllegalArgumentException("autorefresh.api.internal.lookup-wait must be positive");
        }
    }

    public boolean enabled() {
        return serviceToken != null && !serviceToken.isBlank();
    }

    @Override
    public String toString() {
        return "InternalSettings[serviceToken=" + (enabled() ? "****" : "<unset>") + ", maxConcurrentLookups="
                + maxConcurrentLookups + ", lookupWait=" + lookupWait + "]";
    }
}
