package dev.autorefresh.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InternalSettingsTest {

    private static final String TOKEN = "a-service-token-of-32-characters";

    @Test
    void defaultsToSixLookupsAtOnceAndAnEightSecondWait() {
        var settings = new InternalSettings(TOKEN, null, null);

        assertThat(settings.maxConcurrentLookups()).isEqualTo(6);
        assertThat(settings.lookupWait()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void refusesNoLookupsAndANonPositiveWait() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings(TOKEN, 0, null))
                .withMessageContaining("max-concurrent-lookups");
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings(TOKEN, null, Duration.ZERO))
                .withMessageContaining("lookup-wait");
    }

    @Test
    void refusesAServiceTokenShorterThan32Characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings("short-token", null, null))
                .withMessageContaining("at least 32 characters").withMessageNotContaining("short-token");
        assertThat(new InternalSettings("", null, null).enabled()).isFalse();
    }

    @Test
    void neverShowsTheServiceToken() {
        assertThat(new InternalSettings("s3cret-token-s3cret-token-s3cret-token", null, null).toString()).doesNotContain("s3cret-token-s3cret-token-s3cret-token");
    }
}
