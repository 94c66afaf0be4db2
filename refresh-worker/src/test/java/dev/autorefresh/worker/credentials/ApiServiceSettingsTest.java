package dev.autorefresh.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ApiServiceSettingsTest {

    private static final URI LOCAL = URI.create("http://localhost:8080");
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /** As the service binds it: the defaults are the record's own. */
    private static ApiServiceSettings bound(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("autorefresh.worker.api", ApiServiceSettings.class);
    }

    @Test
    void defaultsToTheLocalApiServiceTenSecondsAndTwoBusyRetries() {
        var settings = bound(Map.of("autorefresh.worker.api.service-token", "token"));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.busyRetries()).isEqualTo(2);
    }

    @Test
    void anEmptyApiServiceUrlMeansTheDefault() {
        // application.yml maps API_SERVICE_URL as ${API_SERVICE_URL:}: unset, it arrives empty.
        var settings = bound(Map.of("autorefresh.worker.api.base-url", "", "autorefresh.worker.api.service-token",
                "token", "autorefresh.worker.api.busy-retries", ""));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.busyRetries()).isEqualTo(2);
    }

    @Test
    void aTrailingSlashOnTheApiServiceUrlIsDropped() {
        assertThat(new ApiServiceSettings(URI.create("http://api:8080//"), "token", TEN_SECONDS, 2).baseUrl())
                .isEqualTo(URI.create("http://api:8080"));
    }

    @Test
    void refusesNegativeBusyRetriesAndAMissingToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiServiceSettings(LOCAL, "token", TEN_SECONDS, -1))
                .withMessageContaining("busy-retries");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiServiceSettings(LOCAL, " ", TEN_SECONDS, 2))
                .withMessageContaining("service-token");
    }

    @Test
    void neverShowsTheServiceToken() {
        assertThat(new ApiServiceSettings(LOCAL, "s3cret-token", TEN_SECONDS, 2).toString())
                .doesNotContain("s3cret-token");
    }
}
