package dev.autorefresh.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document ({@code docs/openapi.json}, from which the tests generate a client) is exactly
 * what the running service describes at {@code /v3/api-docs}: a change to a body or an answer must update it.
 */
@ApiTest
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("../docs/openapi.json");
    private static final Path LIVE = Path.of("target/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    @LocalServerPort
    int port;

    @Test
    void theCommittedDocumentIsWhatTheServiceDescribes() throws IOException {
        ApiClient.Reply reply = new ApiClient(port).get("/v3/api-docs");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode live = reply.json();
        Files.writeString(LIVE, JSON.writeValueAsString(live) + "\n");

        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));

        assertThat(committed.equals(live))
                .as("docs/openapi.json differs from the live /v3/api-docs; if the change is meant, replace it with "
                        + "api-service/" + LIVE + " (written by this test) and regenerate the client")
                .isTrue();
    }
}
