package dev.autorefresh.worker.credentials;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the api-service's internal credentials endpoint is and how to authenticate to it.
 *
 * @param baseUrl      {@code autorefresh.worker.api.base-url} (env API_SERVICE_URL), default http://localhost:8080
 * @param serviceToken {@code autorefresh.worker.api.service-token} (env AUTOREFRESH_SERVICE_TOKEN), required
 * @param timeout      connect and response timeout of one credentials lookup, default 10 s
 * @param busyRetries  lookups asked again when the api-service answers 503 with a Retry-After (all its lookup
 *                     turns taken): an overloaded api-service is not the account's failure, so a short wait beats
 *                     reporting a NETWORK failure and its one-minute back-off; default 2, 0 to report at once
 */
@ConfigurationProperties("autorefresh.worker.api")
public record ApiServiceSettings(
        @DefaultValue("http://localhost:8080") URI baseUrl,
        String serviceToken,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("2") Integer busyRetries) {

    /** The longest Retry-After honoured; a longer one is cut to this, so one delivery is never held for long. */
    public static final Duration LONGEST_BUSY_WAIT = Duration.ofSeconds(5);

    public ApiServiceSettings {
        if (baseUrl == null || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("autorefresh.worker.api.base-url must be an absolute http(s) URL");
        }
        // The lookup's path is appended to it.
        baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        // Without the token every lookup would be refused and every account would be failed; refuse to start instead.
        if (serviceToken == null || serviceToken.isBlank()) {
            throw new IllegalArgumentException(
                    "autorefresh.worker.api.service-token (env AUTOREFRESH_SERVICE_TOKEN) must be set");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("autorefresh.worker.api.timeout must be positive");
        }
        if (busyRetries == null || busyRetries < 0) {
            throw new IllegalArgumentException("autorefresh.worker.api.busy-retries must not be negative");
        }
    }

    @Override
    public String toString() {
        return "ApiServiceSettings[baseUrl=" + baseUrl + ", serviceToken=[redacted], timeout=" + timeout + "]";
    }
}
