package dev.autorefresh.api.oauth;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How OAuth access tokens are refreshed before a worker gets them.
 *
 * @param tokenUrl      the OAuth token endpoint (Anthropic's by default)
 * @param clientId      the OAuth client the refresh tokens were issued to (Claude Code's by default)
 * @param refreshMargin a token that expires within this margin is refreshed first
 * @param timeout       the longest one token request may take, connecting and reading the answer included; it
 *                      also bounds how long a second request for the same account waits for it, so keep it well
 *                      under the worker's timeout
 * @param rotationGrace time allowed after {@code timeout} to store a rotation's outcome (with retries); a rotation
 *                      marker older than timeout + grace means the rotation was interrupted (re-login needed)
 */
@ConfigurationProperties("autorefresh.api.oauth")
public record OAuthSettings(
        @DefaultValue("https://console.anthropic.com/v1/oauth/token") URI tokenUrl,
        @DefaultValue("9d1c250a-e61b-44d9-88ed-5944d1962f5e") String clientId,
        @DefaultValue("5m") Duration refreshMargin,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("30s") Duration rotationGrace) {

    public OAuthSettings {
        if (tokenUrl == null || tokenUrl.getHost() == null
                || !("https".equals(tokenUrl.getScheme()) || "http".equals(tokenUrl.getScheme()))) {
            throw new IllegalArgumentException("autorefresh.api.oauth.token-url must be an absolute http(s) URL");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("autorefresh.api.oauth.client-id must not be blank");
        }
        if (refreshMargin == null || refreshMargin.isNegative()) {
            throw new IllegalArgumentException("autorefresh.api.oauth.refresh-margin must be zero or more");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("autorefresh.api.oauth.timeout must be positive");
        }
        // Storing the outcome retries for a few seconds; a shorter grace would call a slow store interrupted.
        if (rotationGrace == null || rotationGrace.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("autorefresh.api.oauth.rotation-grace must be at least 10s");
        }
    }
}
