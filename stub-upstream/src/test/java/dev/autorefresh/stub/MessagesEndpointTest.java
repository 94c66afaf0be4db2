package dev.autorefresh.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class MessagesEndpointTest {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private StubServer stub;
    private StubClient client;

    @BeforeEach
    void startStub() {
        stub = Stubs.start(Duration.ofMinutes(5), WindowMode.ROLLING, new PrintStream(logged, true, StandardCharsets.UTF_8));
        client = new StubClient(stub);
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void answersAValidRequestWithAMessageAndAResetOneWindowAhead() {
        Instant before = Instant.now();

        HttpResponse<String> response = client.message("sk-ant-api-first");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-status")).hasValue("allowed");
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-remaining")).hasValue("999");
        assertThat(response.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(StubClient.reset(response)).isCloseTo(before.plus(Duration.ofMinutes(5)), within(2, ChronoUnit.SECONDS))
                .isAfterOrEqualTo(before.plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS));
        JsonNode body = StubClient.json(response);
        assertThat(body.get("id").stringValue()).startsWith("msg_");
        assertThat(body.get("type").stringValue()).isEqualTo("message");
        assertThat(body.get("role").stringValue()).isEqualTo("assistant");
        assertThat(body.get("model").stringValue()).isEqualTo("claude-haiku-4-5");
        assertThat(body.get("content").get(0).get("text").stringValue()).isEqualTo("Hello");
        assertThat(body.get("stop_reason").stringValue()).isEqualTo("max_tokens");
        assertThat(body.get("usage").get("output_tokens").intValue()).isEqualTo(10);
    }

    @Test
    void acceptsAnOauthBearerWithTheBetaFlagOnACustomPath() {
        HttpResponse<String> response = client.post("/proxy/anthropic/v1/messages", StubClient.VALID_BODY, Map.of(
                "authorization", "Bearer sk-ant-oat01-token",
                "anthropic-beta", "prompt-caching-2024-07-31, oauth-2025-04-20",
                "anthropic-version", "2023-06-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-reset")).isPresent();
    }

    @Test
    void returnsTheSameResetWhileTheWindowIsOpenAndCountsTheSecondCallAsADuplicate() {
        HttpResponse<String> first = client.message("sk-ant-api-same");
        HttpResponse<String> second = client.message("sk-ant-api-same");

        assertThat(StubClient.reset(second)).isEqualTo(StubClient.reset(first));
        assertThat(second.headers().firstValue("anthropic-ratelimit-unified-remaining")).hasValue("998");
        JsonNode stats = client.stats();
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(1);
        assertThat(stats.get("duplicates").longValue()).isEqualTo(1);
        assertThat(stats.get("accounts").intValue()).isEqualTo(1);
    }

    @Test
    void keepsEachAccountsWindowApart() {
        Instant firstReset = StubClient.reset(client.message("sk-ant-api-one"));
        client.message("sk-ant-api-two");

        JsonNode stats = client.stats();
        assertThat(stats.get("windowsStarted").longValue()).isEqualTo(2);
        assertThat(stats.get("duplicates").longValue()).isZero();
        assertThat(StubClient.reset(client.message("sk-ant-api-one"))).isEqualTo(firstReset);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("not json", "not valid JSON"),
                Arguments.of("[1, 2]", "JSON object"),
                Arguments.of("{\"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "model"),
                Arguments.of("{\"model\": 7, \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "model"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "max_tokens"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "max_tokens"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": \"10\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "max_tokens"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 2.5, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "max_tokens"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10}", "messages"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": []}", "messages"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"content\": \"Hi\"}]}", "messages.0.role"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"}]}", "messages.0.role"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\"}]}", "messages.0.content"),
                Arguments.of("{\"model\": \"m\", \"max_tokens\": 10, \"messages\": [{\"role\": \"user\", \"content\": \"\"}]}", "non-empty"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void rejectsAnInvalidBodyWith400AndStartsNoWindow(String body, String mentioned) {
        HttpResponse<String> response = client.post("/v1/messages", body, StubClient.apiKeyHeaders("sk-ant-api-bad-body"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = StubClient.json(response);
        assertThat(error.get("type").stringValue()).isEqualTo("error");
        assertThat(error.get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(error.get("error").get("message").stringValue()).contains(mentioned);
        assertThat(response.headers().firstValue("anthropic-ratelimit-unified-reset")).isEmpty();
        assertThat(client.stats().get("windowsStarted").longValue()).isZero();
    }

    static Stream<Arguments> unusableCredentials() {
        return Stream.of(
                Arguments.of(Map.of(), "x-api-key header is required"),
                Arguments.of(Map.of("x-api-key", " "), "x-api-key header is required"),
                Arguments.of(Map.of("authorization", "Basic dXNlcjpwYXNz"), "Bearer"),
                Arguments.of(Map.of("authorization", "Bearer sk-ant-oat01-token"), "oauth-2025-04-20"),
                Arguments.of(Map.of("authorization", "Bearer sk-ant-oat01-token", "anthropic-beta", "prompt-caching-2024-07-31"),
                        "oauth-2025-04-20"));
    }

    @ParameterizedTest
    @MethodSource("unusableCredentials")
    void rejectsARequestWithoutUsableCredentialsWith401(Map<String, String> auth, String mentioned) {
        Map<String, String> headers = new HashMap<>(auth);
        headers.put("anthropic-version", "2023-06-01");

        HttpResponse<String> response = client.post("/v1/messages", StubClient.VALID_BODY, headers);

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode error = StubClient.json(response).get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("authentication_error");
        assertThat(error.get("message").stringValue()).contains(mentioned);
        assertThat(client.stats().get("windowsStarted").longValue()).isZero();
    }

    @Test
    void rejectsARequestWithoutAnthropicVersionWith400() {
        HttpResponse<String> response = client.post("/v1/messages", StubClient.VALID_BODY, Map.of("x-api-key", "sk-ant-api-x"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(StubClient.json(response).get("error").get("message").stringValue()).contains("anthropic-version");
    }

    @Test
    void answersOtherMethodsWith405AndOtherPathsWith404() {
        assertThat(client.get("/v1/messages").statusCode()).isEqualTo(405);
        HttpResponse<String> elsewhere = client.post("/v1/complete", StubClient.VALID_BODY, StubClient.apiKeyHeaders("k"));
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(StubClient.json(elsewhere).get("error").get("type").stringValue()).isEqualTo("not_found_error");
    }

    @Test
    void logsEachRequestWithTheAccountFingerprintButNeverTheSecret() {
        String secret = "sk-ant-api-very-secret-value";
        HttpResponse<String> response = client.message(secret);
        client.post("/v1/messages", "{}", StubClient.apiKeyHeaders(secret));

        String log = logged.toString(StandardCharsets.UTF_8);
        String fingerprint = AccountKey.of(secret).fingerprint();
        assertThat(log).doesNotContain(secret)
                .contains("account=" + fingerprint + " status=200 reset=" + StubClient.reset(response))
                .contains("status=400");
        assertThat(client.get("/_stub/stats?samples=true").body()).doesNotContain(secret);
    }
}
