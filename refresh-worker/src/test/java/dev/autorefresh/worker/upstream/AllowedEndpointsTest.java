package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedEndpointsTest {

    private static AllowedEndpoints allowing(String... entries) {
        return new AllowedEndpoints(List.of(entries));
    }

    @Test
    void aBareHostAllowsHttpsOnItsDefaultPortOnly() {
        AllowedEndpoints allowed = allowing("api.anthropic.com");

        assertThat(allowed.allows(URI.create("https://api.anthropic.com/v1/messages"))).isTrue();
        assertThat(allowed.allows(URI.create("https://API.anthropic.com:443/v1/messages"))).isTrue();
        assertThat(allowed.allows(URI.create("http://api.anthropic.com/v1/messages"))).isFalse();
        assertThat(allowed.allows(URI.create("https://api.anthropic.com:8443/v1/messages"))).isFalse();
        assertThat(allowed.allows(URI.create("https://api.anthropic.com.evil.example/v1/messages"))).isFalse();
        assertThat(allowed.allows(URI.create("https://evil.example/api.anthropic.com/v1/messages"))).isFalse();
    }

    @Test
    void anHttpEntryAllowsPlainHttpOnThatPortOnly() {
        AllowedEndpoints allowed = allowing("http://127.0.0.1:9090");

        assertThat(allowed.allows(URI.create("http://127.0.0.1:9090/v1/messages"))).isTrue();
        assertThat(allowed.allows(URI.create("https://127.0.0.1:9090/v1/messages"))).isTrue();
        assertThat(allowed.allows(URI.create("http://127.0.0.1:9091/v1/messages"))).isFalse();
        assertThat(allowed.allows(URI.create("http://localhost:9090/v1/messages"))).isFalse();
        assertThat(allowed.allows(URI.create("http://127.0.0.2:9090/v1/messages"))).isFalse();
    }

    @Test
    void aHostWithPortButNoSchemeStillRequiresHttps() {
        AllowedEndpoints allowed = allowing("proxy.example:8443");

        assertThat(allowed.allows(URI.create("https://proxy.example:8443/v1/messages"))).isTrue();
        assertThat(allowed.allows(URI.create("http://proxy.example:8443/v1/messages"))).isFalse();
    }

    @Test
    void anEmptyListMeansTheDefaultHost() {
        assertThat(new AllowedEndpoints(List.of(" ")).allowedHosts()).containsExactly("api.anthropic.com");
        assertThat(new AllowedEndpoints(null).allowedHosts()).containsExactly("api.anthropic.com");
    }

    @Test
    void anEntryThatIsNotAHostStopsTheStartWithTheSettingsName() {
        assertThatThrownBy(() -> allowing("ftp://files.example"))
                .hasMessageContaining("AUTOREFRESH_ALLOWED_HOSTS").hasMessageContaining("ftp://files.example");
        assertThatThrownBy(() -> allowing("https://api.anthropic.com/v1"))
                .hasMessageContaining("not a host");
    }

    @Test
    void aRefusalNamesOnlyTheOriginNeverThePathOrQuery() {
        assertThat(AllowedEndpoints.origin(URI.create("http://localhost:8080/v1/messages?key=secret")))
                .isEqualTo("http://localhost:8080");
    }
}
