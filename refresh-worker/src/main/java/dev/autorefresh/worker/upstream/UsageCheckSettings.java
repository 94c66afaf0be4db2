package dev.autorefresh.worker.upstream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The free usage check an OAuth account gets before its dummy message ({@code GET /api/oauth/usage} on the same
 * origin as the messages endpoint).
 *
 * @param enabled        off: every OAuth refresh sends its message unchecked, as API-key accounts always do
 * @param connectTimeout TCP/TLS connect timeout of the check
 * @param readTimeout    time allowed for the whole answer; kept short because a slow check only delays a message
 *                       that is sent anyway when the check fails
 */
@ConfigurationProperties("autorefresh.worker.usage-check")
public record UsageCheckSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    public UsageCheckSettings {
        if (connectTimeout == null || !connectTimeout.isPositive() || readTimeout == null || !readTimeout.isPositive()) {
            throw new IllegalArgumentException("autorefresh.worker.usage-check timeouts must be positive");
        }
    }
}
