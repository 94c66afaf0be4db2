package dev.autorefresh.api.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.autorefresh.api.accounts.Account;
import dev.autorefresh.api.accounts.Fixtures;
import dev.autorefresh.api.web.ApiClient;
import dev.autorefresh.api.web.ApiTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Credentials only go to hosts in autorefresh.endpoints.allowed-hosts. "Elsewhere" is a real HTTP server on
 * loopback, which the tests' allow-list does not name; it counts every request that reaches it.
 */
@ApiTest(properties = "autorefresh.api.internal.service-token=test-service-token-0123456789abcdef")
// Its own context: closed after the class, so its results listener stops competing for the shared queue.
@DirtiesContext
class EndpointAllowListTest {

    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcTemplate jdbc;
    ApiClient api;

    @BeforeEach
    void setUp() {
        fixtures.clear();
        api = new ApiClient(port);
        elsewhere.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void anAccountWithANotAllowedEndpointIsRefusedAndNotStored() {
        ApiClient.Reply reply = api.post("/api/accounts", """
                {"name": "exfil", "apiKey": "sk-ant-api03-canary", "customEndpoint": "http://localhost:%d/v1/messages"}"""
                .formatted(elsewhere.getPort()));

        assertRefusal(reply, "http://localhost:" + elsewhere.getPort());
        assertThat(jdbc.queryForObject("select count(*) from api.account", Integer.class)).isZero();
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void settingANotAllowedEndpointIsRefusedAndChangesNothing() {
        String id = api.createWithApiKey("victim");

        for (String forbidden : new String[] {"http://127.0.0.2:" + elsewhere.getPort(),
                "http://proxy.example/v1/messages", "https://proxy.example:8443/v1/messages",
                "https://api.anthropic.com.evil.example/v1/messages"}) {
            ApiClient.Reply reply = api.post("/api/accounts/" + id + "/custom-endpoint",
                    "{\"customEndpoint\": \"" + forbidden + "\"}");
            assertRefusal(reply, null);
        }

        assertThat(jdbc.queryForObject("select custom_endpoint from api.account where id = ?::uuid", String.class, id))
                .isNull();
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anAllowedHostIsAccepted() {
        String id = api.createWithApiKey("proxied");

        ApiClient.Reply reply = api.post("/api/accounts/" + id + "/custom-endpoint",
                "{\"customEndpoint\": \"https://proxy.example/v1/messages\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("customEndpoint").stringValue()).isEqualTo("https://proxy.example/v1/messages");
    }

    @Test
    void anEndpointForcedIntoTheDatabaseGetsNoCredentialsOutOfTheApiService() {
        Account account = fixtures.autoRefreshing("forced");
        jdbc.update("update api.account set custom_endpoint = ? where id = ?",
                "http://localhost:" + elsewhere.getPort() + "/v1/messages", account.id());

        JsonNode answer = RestClient.create("http://localhost:" + port).get()
                .uri("/internal/accounts/{id}/credentials?refreshId={refresh}", account.id(), UUID.randomUUID())
                .header("Authorization", "Bearer test-service-token-0123456789abcdef")
                .retrieve().body(JsonNode.class);

        assertThat(answer.get("status").asString()).isEqualTo("NOT_ELIGIBLE");
        assertThat(answer.get("reason").asString()).contains("is not allowed").contains("AUTOREFRESH_ALLOWED_HOSTS");
        assertThat(answer.toString()).doesNotContain(Fixtures.SECRET);
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
    }

    private static void assertRefusal(ApiClient.Reply reply, String origin) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode body = reply.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("error", "details");
        assertThat(body.get("error").stringValue()).contains("not an allowed host").contains("AUTOREFRESH_ALLOWED_HOSTS");
        if (origin != null) {
            assertThat(body.get("error").stringValue()).contains(origin);
        }
        assertThat(body.get("details").get("setting").stringValue()).isEqualTo("autorefresh.endpoints.allowed-hosts");
        assertThat(body.get("details").get("field").stringValue()).isEqualTo("customEndpoint");
        assertThat(body.toString()).doesNotContain("sk-ant-api03-canary");
    }
}
