package dev.autorefresh.api.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call to the OAuth token endpoint (WireMock) and how each answer is classified: exactly one request per
 * refresh token, and no token in any log line even with the HTTP client's loggers at TRACE.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenEndpointTest {

    private static final String PATH = "/v1/oauth/token";
    private static final String[] VERBOSE = {"org.springframework.web", "org.springframework.http"};

    private final String refreshToken = "sk-ant-ort01-" + UUID.randomUUID();
    private final String accessToken = "sk-ant-oat01-" + UUID.randomUUID();
    private WireMockServer server;
    private TokenEndpoint endpoint;

    @BeforeEach
    void setUp() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        endpoint = new TokenEndpoint(new OAuthSettings(URI.create(server.baseUrl() + PATH), "test-client",
                Duration.ofMinutes(5), Duration.ofSeconds(3), Duration.ofSeconds(30)), JsonMapper.builder().build());
        for (String logger : VERBOSE) {
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(logger, LogLevel.TRACE);
        }
    }

    @AfterEach
    void tearDown() {
        for (String logger : VERBOSE) {
            LoggingSystem.get(getClass().getClassLoader()).setLogLevel(logger, null);
        }
        server.stop();
    }

    @Test
    void anIssuedTokenIsReadAndNeitherTokenIsLogged(CapturedOutput output) {
        String rotated = "sk-ant-ort01-" + UUID.randomUUID();
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(okJson("""
                {"access_token": "%s", "refresh_token": "%s", "expires_in": 28800}""".formatted(accessToken, rotated))));

        TokenResponse answer = endpoint.refresh(refreshToken);

        assertThat(answer).isEqualTo(new TokenResponse.Issued(accessToken, rotated, Duration.ofHours(8)));
        server.verify(1, postRequestedFor(urlPathEqualTo(PATH))
                .withHeader("content-type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"grant_type": "refresh_token", "refresh_token": "%s", "client_id": "test-client"}"""
                        .formatted(refreshToken))));
        assertThat(output.getAll()).doesNotContain(refreshToken).doesNotContain(accessToken).doesNotContain(rotated);
    }

    @Test
    void aRefusedRefreshTokenIsRejectedWithTheErrorCodeOnly(CapturedOutput output) {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": \"invalid_grant\", \"error_description\": \"" + refreshToken + "\"}")));

        assertThat(endpoint.refresh(refreshToken)).isEqualTo(new TokenResponse.Rejected(
                "the token endpoint rejected the refresh token (400 Bad Request, invalid_grant)"));
        assertThat(output.getAll()).doesNotContain(refreshToken);
    }

    @Test
    void aServerErrorOrADroppedConnectionOrASlowAnswerIsWorthTryingAgain() {
        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        assertThat(endpoint.refresh(refreshToken))
                .isEqualTo(new TokenResponse.Failed("the token endpoint answered 503 Service Unavailable"));

        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(endpoint.refresh(refreshToken)).isInstanceOfSatisfying(TokenResponse.Failed.class,
                failed -> assertThat(failed.reason()).startsWith("could not reach the token endpoint ("));

        server.stubFor(post(urlPathEqualTo(PATH)).willReturn(okJson("{}").withFixedDelay(6_000)));
        assertThat(endpoint.refresh(refreshToken))
                .isEqualTo(new TokenResponse.Failed("the token endpoint did not answer within 3000 ms"));
        server.verify(3, postRequestedFor(urlPathEqualTo(PATH)));
    }
}
