package dev.autorefresh.worker.credentials;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the api-service's internal credentials endpoint is and how to authenticate to it.
 *
 * @param baseUrl      {@code autorefresh.worker.api.base-url} (env API_SERVICE_URL), default http://localhost:8080
 * @param serviceToken {@code autorefresh.worker.api.service-token} (env AUTOREFRESH_SERVICE_TOKEN), required
 * @param timeout      connect and response timeout of one credentials lookup, default 10 s
 */
@ConfigurationProperties("autorefresh.worker.api")
public record ApiServiceSettings(String baseUrl, String serviceToken, Duration timeout) {

    public ApiServiceSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = "http://localhost:8080";
        }
        baseUrl = baseUrl.strip().replaceAll("/+$", "");
        URI parsed = URI.create(baseUrl);
        if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
            throw new IllegalArgumentException("autorefresh.worker.api.base-url must be an absolute http(s) URL");
        }
        // Without the token every lookup would be refused and every account would be failed; refuse to start instead.
        if (serviceToken == null || serviceToken.isBlank()) {
            throw new IllegalArgumentException(
                    "autorefresh.worker.api.service-token (env AUTOREFRESH_SERVICE_TOKEN) must be set");
        }
        if (timeout == null) {
            timeout = Duration.ofSeconds(10);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("autorefresh.worker.api.timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "ApiServiceSettings[baseUrl=" + baseUrl + ", serviceToken=[redacted], timeout=" + timeout + "]";
    }
}
