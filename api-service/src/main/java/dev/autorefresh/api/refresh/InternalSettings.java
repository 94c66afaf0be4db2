package dev.autorefresh.api.refresh;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The internal endpoint workers fetch credentials from.
 *
 * @param serviceToken shared secret workers present as a bearer token; blank disables the endpoint
 */
@ConfigurationProperties("autorefresh.internal")
public record InternalSettings(String serviceToken) {

    public boolean enabled() {
        return serviceToken != null && !serviceToken.isBlank();
    }

    @Override
    public String toString() {
        return "InternalSettings[serviceToken=" + (enabled() ? "****" : "<unset>") + "]";
    }
}
