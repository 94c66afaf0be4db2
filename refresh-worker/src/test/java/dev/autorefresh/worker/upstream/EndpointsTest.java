package dev.autorefresh.worker.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    private final URI defaultEndpoint = URI.create("https://api.anthropic.com/v1/messages");

    @Test
    void usesTheDefaultWithoutACustomEndpoint() {
        assertThat(Endpoints.resolve(null, defaultEndpoint)).isEqualTo(defaultEndpoint);
        assertThat(Endpoints.resolve("  ", defaultEndpoint)).isEqualTo(defaultEndpoint);
    }

    @Test
    void usesAFullMessagesUrlAsIs() {
        assertThat(Endpoints.resolve("https://custom.api.endpoint/v1/messages", defaultEndpoint))
                .isEqualTo(URI.create("https://custom.api.endpoint/v1/messages"));
        assertThat(Endpoints.resolve("http://127.0.0.1:9000/gateway/anthropic/messages?team=a", defaultEndpoint))
                .isEqualTo(URI.create("http://127.0.0.1:9000/gateway/anthropic/messages?team=a"));
    }

    @Test
    void appendsV1MessagesToABaseUrlWithoutDoublingSlashes() {
        assertThat(Endpoints.resolve("https://proxy.example.com", defaultEndpoint))
                .isEqualTo(URI.create("https://proxy.example.com/v1/messages"));
        assertThat(Endpoints.resolve("https://proxy.example.com/", defaultEndpoint))
                .isEqualTo(URI.create("https://proxy.example.com/v1/messages"));
        assertThat(Endpoints.resolve("https://proxy.example.com/anthropic//", defaultEndpoint))
                .isEqualTo(URI.create("https://proxy.example.com/anthropic/v1/messages"));
    }

    @Test
    void dropsATrailingSlashAfterMessages() {
        assertThat(Endpoints.resolve(" https://custom.api.endpoint/v1/messages/ ", defaultEndpoint))
                .isEqualTo(URI.create("https://custom.api.endpoint/v1/messages"));
    }

    @Test
    void refusesWhatIsNotAnAbsoluteHttpUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> Endpoints.resolve("ftp://files.example.com/v1/messages", defaultEndpoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("files.example.com");
        assertThatThrownBy(() -> Endpoints.resolve("/v1/messages", defaultEndpoint))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoints.resolve("https://sk-secret@[bad", defaultEndpoint))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-secret");
    }
}
