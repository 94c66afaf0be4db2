package dev.autorefresh.worker.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiServiceSettingsTest {

    @Test
    void defaultsToTheLocalApiServiceTenSecondsAndTwoBusyRetries() {
        var settings = new ApiServiceSettings(null, "token", null, null);

        assertThat(settings.baseUrl()).isEqualTo("http://localhost:8080");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.busyRetries()).isEqualTo(2);
    }

    @Test
    void refusesNegativeBusyRetriesAndAMissingToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiServiceSettings(null, "token", null, -1))
                .withMessageContaining("busy-retries");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiServiceSettings(null, " ", null, null))
                .withMessageContaining("service-token");
    }

    @Test
    void neverShowsTheServiceToken() {
        assertThat(new ApiServiceSettings(null, "s3cret-token", null, null).toString()).doesNotContain("s3cret-token");
    }
}
