package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StubSettingsTest {

    @Test
    void defaultsSuitAContainer() {
        StubSettings settings = StubSettings.from(Map.of(), new String[0]);

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.initial().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.initial().latency()).isZero();
        assertThat(settings.initial().mode()).isEqualTo(WindowMode.ROLLING);
        assertThat(settings.initial().forceStatus()).isNull();
        assertThat(settings.logRequests()).isTrue();
        assertThat(settings.initial().describe()).isEqualTo("window 5m rolling, latency 0ms");
    }

    @Test
    void argumentsOverrideEnvironmentVariablesOfTheSameName() {
        StubSettings settings = StubSettings.from(
                Map.of("PORT", "9191", "STUB_WINDOW", "5h", "STUB_WINDOW_MODE", "aligned"),
                new String[] {"--PORT=9292", "--stub-window=30s", "--STUB_LATENCY=250ms", "--BIND=127.0.0.1"});

        assertThat(settings.port()).isEqualTo(9292);
        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(settings.initial().window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.initial().latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.initial().mode()).isEqualTo(WindowMode.ALIGNED);
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "30s, PT30S", "2m, PT2M", "5h, PT5H", "1d, PT24H", "45, PT45S", "PT5M, PT5M"})
    void readsShortDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--PORT=http", "--PORT=70000", "--STUB_WINDOW=soon", "--STUB_WINDOW=500ms",
            "--STUB_WINDOW=0s", "--STUB_WINDOW_MODE=sliding", "--STUB_LATENCY=-5ms", "--STUB_LOG_REQUESTS=maybe", "PORT"})
    void refusesValuesItCannotUse(String argument) {
        assertThatIllegalArgumentException().isThrownBy(() -> StubSettings.from(Map.of(), new String[] {argument}))
                .withMessageNotContaining("null");
    }
}
