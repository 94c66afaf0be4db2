package dev.autorefresh.worker.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dummy message is sent.
 *
 * @param endpoint       messages endpoint for accounts without a custom endpoint
 * @param models         tried in order; the next one only when upstream answers 404 (model unknown to it)
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    time allowed for the whole response once connected
 */
@ConfigurationProperties("autorefresh.worker.upstream")
public record UpstreamSettings(
        @DefaultValue("https://api.anthropic.com/v1/messages") URI endpoint,
        @DefaultValue({HAIKU, OLDER_HAIKU}) List<String> models,
        @DefaultValue("30s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout) {

    static final String HAIKU = "claude-haiku-4-5";
    static final String OLDER_HAIKU = "claude-3-5-haiku-latest";

    public UpstreamSettings {
        if (endpoint == null) {
            throw new IllegalArgumentException("autorefresh.worker.upstream.endpoint must be set");
        }
        if (models == null || models.isEmpty()) {
            // An empty environment variable binds as an empty list, and means the default like every other one.
            models = List.of(HAIKU, OLDER_HAIKU);
        }
        models = List.copyOf(models);
        if (models.stream().anyMatch(model -> model == null || model.isBlank())) {
            throw new IllegalArgumentException("autorefresh.worker.upstream.models must not contain a blank name");
        }
        if (connectTimeout == null || !connectTimeout.isPositive() || readTimeout == null
                || !readTimeout.isPositive()) {
            throw new IllegalArgumentException("autorefresh.worker.upstream timeouts must be positive");
        }
    }
}
