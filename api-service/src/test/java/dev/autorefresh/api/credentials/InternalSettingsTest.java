package dev.autorefresh.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InternalSettingsTest {

    private static final String TOKEN = "a-service-token-of-32-characters";
    private static final Duration EIGHT_SECONDS = Duration.ofSeconds(8);

    @Test
    void defaultsToSixLookupsAtOnceAndAnEightSecondWait() {
        var settings = new Binder(new MapConfigurationPropertySource(Map.of("autorefresh.api.internal.service-token",
                TOKEN))).bindOrCreate("autorefresh.api.internal", InternalSettings.class);

        assertThat(settings.maxConcurrentLookups()).isEqualTo(6);
        assertThat(settings.lookupWait()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void refusesNoLookupsAndANonPositiveWait() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings(TOKEN, 0, EIGHT_SECONDS))
                .withMessageContaining("max-concurrent-lookups");
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings(TOKEN, 6, Duration.ZERO))
                .withMessageContaining("lookup-wait");
    }

    @Test
    void refusesAServiceTokenShorterThan32Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings("short-token", 6, EIGHT_SECONDS))
                .withMessageContaining("at least 32 characters").withMessageNotContaining("short-token");
        assertThat(new InternalSettings("", 6, EIGHT_SECONDS).enabled()).isFalse();
    }

    @Test
    void neverShowsTheServiceToken() {
        String token = "s3cret-token-s3cret-token-s3cret-token";
        assertThat(new InternalSettings(token, 6, EIGHT_SECONDS).toString()).doesNotContain(token);
    }
}
