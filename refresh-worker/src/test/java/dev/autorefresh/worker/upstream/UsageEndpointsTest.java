package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UsageEndpointsTest {

    private final URI defaultEndpoint = URI.create("https://api.anthropic.com/v1/messages");

    @Test
    void defaultAccountsAreCheckedAtAnthropicsUsageEndpoint() {
        assertThat(Endpoints.usage(null, defaultEndpoint))
                .isEqualTo(URI.create("https://api.anthropic.com/api/oauth/usage"));
    }

    @Test
    void aCustomEndpointIsCheckedAtItsOriginKeepingSchemeHostAndPort() {
        assertThat(Endpoints.usage("http://127.0.0.1:9000/gateway/anthropic/messages?team=a", defaultEndpoint))
                .isEqualTo(URI.create("http://127.0.0.1:9000/api/oauth/usage"));
        assertThat(Endpoints.usage("https://proxy.example.com/anthropic/", defaultEndpoint))
                .isEqualTo(URI.create("https://proxy.example.com/api/oauth/usage"));
    }

    @Test
    void aCustomEndpointThatCannotCarryAMessageCannotCarryACheckEither() {
        assertThatThrownBy(() -> Endpoints.usage("ftp://files.example.com/", defaultEndpoint))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
