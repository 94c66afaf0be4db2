package dev.autorefresh.api.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InternalSettingsTest {

    @Test
    void defaultsToSixLookupsAtOnceAndAnEightSecondWait() {
        var settings = new InternalSettings("token", null, null);

        assertThat(settings.maxConcurrentLookups()).isEqualTo(6);
        assertThat(settings.lookupWait()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void refusesNoLookupsAndANonPositiveWait() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings("token", 0, null))
                .withMessageContaining("max-concurrent-lookups");
        assertThatIllegalArgumentException().isThrownBy(() -> new InternalSettings("token", null, Duration.ZERO))
                .withMessageContaining("lookup-wait");
    }

    @Test
    void neverShowsTheServiceToken() {
        assertThat(new InternalSettings("s3cret-token", null, null).toString()).doesNotContain("s3cret-token");
    }
}
