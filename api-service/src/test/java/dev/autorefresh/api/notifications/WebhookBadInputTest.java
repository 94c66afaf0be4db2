package dev.autorefresh.api.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every refusal of the webhook endpoints is a clear 4xx in the error shape, and changes nothing. */
@ApiTest
class WebhookBadInputTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.update("delete from api.notification_webhook");
        jdbc.update("delete from api.account_audit where action like 'webhook%'");
        api = new ApiClient(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {}                                                          | kind must be "json" or "slack"
            {"url": "https://example.com/hook"}                         | kind must be "json" or "slack"
            {"url": "https://example.com/hook", "kind": "xml"}          | kind must be "json" or "slack"
            {"kind": "json"}                                            | url is required
            {"url": "  ", "kind": "json"}                               | url is required
            {"url": "not a url", "kind": "json"}                        | url must be an absolute http or https URL
            {"url": "/relative/hook", "kind": "json"}                   | url must be an absolute http or https URL
            {"url": "ftp://example.com/hook", "kind": "json"}           | url must be an absolute http or https URL
            {"url": "https://user:pw@example.com/hook", "kind": "slack"}| url must be an absolute http or https URL
            {"url": "https://example.com/hook#x", "kind": "json"}       | url must be an absolute http or https URL
            {"url": "https://evil.example.net/hook", "kind": "json"}    | is not allowed
            {"url": "http://example.com/hook", "kind": "json"}          | is not allowed
            null                                                        | malformed or missing JSON request body
            {"url": "https://example.com/hook", "kind": "json"          | malformed or missing JSON request body
            """)
    void aBadWebhookIsRefusedWithA400AndNothingIsStored(String body, String error) {
        ApiClient.Reply reply = api.post("/api/notifications/webhooks", body);

        reply.assertError(400);
        assertThat(reply.error()).contains(error);
        assertNothingChanged();
    }

    @Test
    void aTooLongUrlIsRefusedWithoutQuotingIt() {
        String url = "https://example.com/" + "a".repeat(Webhooks.MAX_URL_LENGTH);

        ApiClient.Reply reply = api.post("/api/notifications/webhooks", "{\"url\": \"" + url + "\", \"kind\": \"json\"}");

        reply.assertError(400);
        assertThat(reply.body()).contains("at most 2048").doesNotContain("aaaa");
        assertNothingChanged();
    }

    @Test
    void anUnknownOrMalformedWebhookIsA404ForDeleteAndTest() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-an-id"}) {
            assertThat(api.delete("/api/notifications/webhooks/" + id).assertError(404).error())
                    .isEqualTo("webhook not found");
            api.post("/api/notifications/webhooks/" + id + "/test", "").assertError(404);
        }
        assertNothingChanged();
    }

    @Test
    void aViewerCanNeitherConfigureNorSeeWebhooks() {
        String id = api.post("/api/notifications/webhooks", "{\"url\": \"https://example.com/hook\", \"kind\": \"json\"}")
                .json().get("id").asString();
        String token = api.post("/api/tokens", "{\"name\": \"viewer-" + UUID.randomUUID().toString().substring(0, 8)
                + "\", \"role\": \"viewer\"}").json().get("token").asString();
        ApiClient viewer = new ApiClient(port, token);

        viewer.get("/api/notifications/webhooks").assertError(403);
        viewer.post("/api/notifications/webhooks", "{\"url\": \"https://example.com/other\", \"kind\": \"json\"}")
                .assertError(403);
        viewer.delete("/api/notifications/webhooks/" + id).assertError(403);
        viewer.post("/api/notifications/webhooks/" + id + "/test", "").assertError(403);

        assertThat(jdbc.queryForObject("select count(*) from api.notification_webhook", Integer.class)).isEqualTo(1);
        api.delete("/api/notifications/webhooks/" + id);
    }

    private void assertNothingChanged() {
        assertThat(jdbc.queryForObject("select count(*) from api.notification_webhook", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from api.account_audit where action like 'webhook%'",
                Integer.class)).isZero();
    }
}
