package dev.autorefresh.api.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The same requests as {@link SecretsNeverLeakTest}, with every logger on the request path at DEBUG or TRACE (web,
 * HTTP, Tomcat, transactions, JDBC, Hibernate, ours): what an operator gets with LOG_LEVEL=DEBUG or TRACE. Not a
 * line may hold a secret; plus the one place a secret leaves on purpose, the workers' credentials endpoint.
 */
@TestPropertySource(properties = {
        "logging.level.root=DEBUG",
        "logging.level.org.springframework.web=TRACE",
        "logging.level.org.springframework.http=TRACE",
        "logging.level.org.springframework.orm=TRACE",
        "logging.level.org.springframework.jdbc=TRACE",
        "logging.level.org.springframework.transaction=TRACE",
        "logging.level.org.apache.catalina=TRACE",
        "logging.level.org.apache.coyote=TRACE",
        "logging.level.org.apache.tomcat=TRACE",
        "logging.level.org.hibernate.SQL=TRACE",
        "logging.level.org.hibernate.orm.jdbc=TRACE",
        "logging.level.org.hibernate.event=TRACE",
        "logging.level.dev.autorefresh=TRACE",
        "autorefresh.api.internal.service-token=trace-test-service-token-0123456789abcdef"})
@ExtendWith(OutputCaptureExtension.class)
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class SecretsNeverLoggedAtTraceTest extends SecretsNeverLeakTest {

    @Test
    void theCredentialsAWorkerFetchesAreNotLoggedEither(CapturedOutput output) {
        String key = "sk-ant-api03-" + UUID.randomUUID().toString().replace("-", "") + "ISSUED";
        String id = api.create("{\"name\": \"issued\", \"apiKey\": \"" + key + "\"}");
        assertThat(api.post("/api/accounts/" + id + "/auto-refresh", "{\"enabled\": 1}").status()).isEqualTo(200);

        JsonNode answer = RestClient.create("http://localhost:" + port).get()
                .uri("/internal/accounts/{id}/credentials?refreshId={refresh}", id, UUID.randomUUID())
                .header("Authorization", "Bearer trace-test-service-token-0123456789abcdef")
                .retrieve().body(JsonNode.class);

        assertThat(answer.get("secret").asString()).isEqualTo(key);
        // The verbose loggers were on: the request path was logged, only never a secret.
        assertThat(output.getAll()).contains("TRACE").contains("/internal/accounts/" + id + "/credentials")
                .doesNotContain(key.substring(key.length() - 20));
    }

    @Test
    void aNotificationWebhooksUrlAndSigningSecretAreNotLoggedEither(CapturedOutput output) {
        String path = "/services/" + UUID.randomUUID().toString().replace("-", "") + "WEBHOOK";
        ApiClient.Reply created = api.post("/api/notifications/webhooks",
                "{\"url\": \"https://example.com" + path + "\", \"kind\": \"slack\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        String signingSecret = created.json().get("signingSecret").asString();
        api.get("/api/notifications/webhooks");
        api.delete("/api/notifications/webhooks/" + id);

        assertThat(output.getAll()).contains("TRACE").contains("/api/notifications/webhooks")
                .doesNotContain(path.substring(path.length() - 20))
                .doesNotContain(signingSecret.substring(signingSecret.length() - 20));
    }

    @Test
    void aRefusedBodyIsNotLoggedEither(CapturedOutput output) {
        String key = "sk-ant-api03-" + UUID.randomUUID().toString().replace("-", "") + "REFUSED";
        ApiClient.Reply refused = api.post("/api/accounts", "{\"name\": \"bad name!\", \"apiKey\": \"" + key + "\"");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(output.getAll()).contains("DEBUG").doesNotContain(key.substring(key.length() - 20));
    }

    @Test
    void aBodyRefusedByValidationIsNotLoggedEither(CapturedOutput output) {
        String key = "sk-ant-api03-" + UUID.randomUUID().toString().replace("-", "") + "INVALID";
        ApiClient.Reply refused = api.post("/api/accounts", "{\"name\": \"new\", \"apiKey\": \"" + key + " x\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("apiKey must be 1-8192 printable ASCII characters without spaces");
        assertThat(output.getAll()).contains("DEBUG").doesNotContain(key.substring(key.length() - 20));
    }
}
