package dev.autorefresh.worker.credentials;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.autorefresh.events.RefreshDue;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * How each answer of the api-service, and each way of getting none, reaches the refresh: a refusal is the
 * account's, an unreachable or failing api-service is ours (Unavailable), and a busy one is asked again.
 */
class CredentialsClientTest {

    private static final String TOKEN = "t".repeat(40);

    private WireMockServer api;

    @BeforeEach
    void setUp() {
        api = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
    }

    @AfterEach
    void tearDown() {
        api.stop();
    }

    @Test
    void anEligibleAnswerBecomesTheCredentialsAndTheLookupNamesTheRefreshAndWindow() {
        RefreshDue due = due(Instant.parse("2026-11-29T10:00:00Z"));
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withBody("""
                        {"status":"ELIGIBLE","accountId":"%s","accountName":"main","authType":"API_KEY",
                         "secret":"sk-ant-secret","verifyFirst":true}""".formatted(due.accountId()))));

        CredentialsAnswer answer = client(Duration.ofSeconds(5), 0).fetch(due);

        assertThat(answer).isEqualTo(new CredentialsAnswer.Eligible(
                new Credentials("main", AuthType.API_KEY, "sk-ant-secret", null), true));
        api.verify(1, getRequestedFor(urlPathEqualTo("/internal/accounts/" + due.accountId() + "/credentials"))
                .withQueryParam("refreshId", equalTo(due.refreshId().toString()))
                .withQueryParam("windowResetAt", equalTo("2026-11-29T10:00:00Z"))
                .withHeader("authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void anUnknownAccountIsNotEligible() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404)));

        assertThat(client(Duration.ofSeconds(5), 0).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.NotEligible("account not found"));
        api.verify(1, getRequestedFor(anyUrl()).withoutQueryParam("windowResetAt"));
    }

    @Test
    void aRefusedOrFailingApiServiceIsUnavailableWithItsStatusLine() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401)));
        assertThat(client(Duration.ofSeconds(5), 0).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.Unavailable("401 Unauthorized"));

        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500)));
        assertThat(client(Duration.ofSeconds(5), 0).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.Unavailable("500 Internal Server Error"));
    }

    @Test
    void anUnreachableApiServiceIsUnavailableWithoutAStatus() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CredentialsClient client = new CredentialsClient(
                new ApiServiceSettings(URI.create("http://127.0.0.1:" + closedPort), TOKEN, Duration.ofSeconds(5), 0),
                JsonMapper.builder().build(), RestClient.builder());

        assertThat(client.fetch(due(null))).isEqualTo(new CredentialsAnswer.Unavailable("could not connect"));
    }

    @Test
    void aDroppedConnectionIsUnavailableAndNamesNoUrl() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        CredentialsAnswer answer = client(Duration.ofSeconds(5), 0).fetch(due(null));

        assertThat(answer).isInstanceOf(CredentialsAnswer.Unavailable.class);
        assertThat(((CredentialsAnswer.Unavailable) answer).reason()).startsWith("I/O error").doesNotContain("http");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUnavailableAsTimedOut() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(404).withFixedDelay(3_000)));

        assertThat(client(Duration.ofMillis(500), 0).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.Unavailable("timed out"));
    }

    @Test
    void aBusyApiServiceIsAskedAgainAfterItsRetryAfter() {
        api.stubFor(get(anyUrl()).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("retry-after", "0"))
                .willSetStateTo("free"));
        api.stubFor(get(anyUrl()).inScenario("busy").whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(404)));

        assertThat(client(Duration.ofSeconds(5), 2).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.NotEligible("account not found"));
        api.verify(2, getRequestedFor(anyUrl()));
    }

    @Test
    void aBusyApiServiceIsUnavailableOnceTheRetriesAreSpent() {
        api.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("retry-after", "0")));

        assertThat(client(Duration.ofSeconds(5), 1).fetch(due(null)))
                .isEqualTo(new CredentialsAnswer.Unavailable("503 Service Unavailable"));
        api.verify(2, getRequestedFor(anyUrl()));
    }

    private CredentialsClient client(Duration timeout, int busyRetries) {
        return new CredentialsClient(new ApiServiceSettings(URI.create(api.baseUrl()), TOKEN, timeout, busyRetries),
                JsonMapper.builder().build(), RestClient.builder());
    }

    private static RefreshDue due(Instant windowResetAt) {
        return new RefreshDue(UUID.randomUUID(), UUID.randomUUID(), "main", windowResetAt, 1, Instant.now(),
                Instant.now());
    }
}
