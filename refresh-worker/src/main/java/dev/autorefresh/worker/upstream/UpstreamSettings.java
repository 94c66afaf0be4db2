package dev.autorefresh.worker.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the dummy message is sent.
 *
 * @param endpoint       messages endpoint for accounts without a custom endpoint
 * @param models         tried in order; the next one only when upstream answers 404 (model unknown to it)
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    time allowed for the whole response once connected
 */
@ConfigurationProperties("autorefresh.worker.upstream")
public record UpstreamSettings(URI endpoint, List<String> models, Duration connectTimeout, Duration readTimeout) {

    public UpstreamSettings {
        if (endpoint == null) {
            endpoint = URI.create("https://api.anthropic.com/v1/messages");
        }
        if (models == null || models.isEmpty()) {
            models = List.of("claude-haiku-4-5", "claude-3-5-haiku-latest");
        }
        models = List.copyOf(models);
        if (models.stream().anyMatch(model -> model == null || model.isBlank())) {
            throw new IllegalArgumentException("autorefresh.worker.upstream.models must not contain a blank name");
        }
        if (connectTimeout == null) {
            connectTimeout = Duration.ofSeconds(30);
        }
        if (readTimeout == null) {
            readTimeout = Duration.ofSeconds(30);
        }
        if (!connectTimeout.isPositive() || !readTimeout.isPositive()) {
            throw new IllegalArgumentException("autorefresh.worker.upstream timeouts must be positive");
        }
    }
}
