package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the worker sends upstream for an eligible account (one dummy message, the account's own credentials, the
 * right endpoint and model) and the window it publishes from the answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class DummyMessageTest extends WorkerIntegrationTest {

    @Test
    void oauthAccountGetsOneDummyMessageAndItsNewWindowIsPublished(CapturedOutput output) {
        RefreshDue due = due("oauth-account", expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        upstreamAnswers(accepted()
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000")
                .withHeader("anthropic-ratelimit-unified-status", "allowed")
                .withHeader("anthropic-ratelimit-unified-remaining", "17"));

        publish(due);
        Message message = awaitResult(due);

        assertThat(message.getMessageProperties().getType()).isEqualTo("WindowUpdated");
        assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo("window.updated");
        assertThat(message.getMessageProperties().getContentType()).isEqualTo("application/json");
        assertThat(message.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain(token);
        WindowUpdated updated = json.readValue(message.getBody(), WindowUpdated.class);
        assertThat(updated.refreshId()).isEqualTo(due.refreshId());
        assertThat(updated.accountId()).isEqualTo(due.accountId());
        assertThat(updated.previousResetAt()).isEqualTo(expiredWindow);
        assertThat(updated.newResetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        assertThat(updated.rateLimitStatus()).isEqualTo("allowed");
        assertThat(updated.rateLimitRemaining()).isEqualTo(17);
        assertThat(updated.httpStatus()).isEqualTo(200);
        assertThat(updated.model()).isEqualTo("claude-haiku-4-5");
        assertThat(updated.workerId()).isEqualTo("test-worker");
        assertThat(updated.latencyMs()).isGreaterThanOrEqualTo(0);
        assertThat(updated.sentAt()).isBetween(due.dispatchedAt(), Instant.now());
        assertThat(updated.source()).isEqualTo(WindowSource.MESSAGE);
        // What the message cost, as the answer's usage object said.
        assertThat(updated.inputTokens()).isEqualTo(12);
        assertThat(updated.outputTokens()).isEqualTo(10);

        LoggedRequest request = onlyUpstreamRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/v1/messages");
        assertThat(request.getHeader("content-type")).isEqualTo("application/json");
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.getHeader("authorization")).isEqualTo("Bearer " + token);
        assertThat(request.getHeader("anthropic-beta")).isEqualTo("oauth-2025-04-20");
        assertThat(request.containsHeader("x-api-key")).isFalse();
        assertDummyMessage(request, "claude-haiku-4-5");

        apiService.verify(1, getRequestedFor(urlPathEqualTo(credentialsPath(due)))
                .withHeader("Authorization", equalTo("Bearer " + SERVICE_TOKEN))
                .withQueryParam("refreshId", equalTo(due.refreshId().toString()))
                .withQueryParam("windowResetAt", equalTo("2026-11-28T10:00:00Z")));
        assertThat(output.getOut())
                .contains("Sending auto-refresh message to account: oauth-account")
                .contains("Auto-refresh message sent successfully for account: oauth-account")
                .doesNotContain(token);
    }

    @Test
    void apiKeyAccountSendsItsKeyAndItsRequestAndTokenResetsAreNoWindow() {
        RefreshDue due = due("key-account", expiredWindow);
        String key = secret("sk-ant-api03-");
        answerEligible(due, "API_KEY", key, null);
        upstreamAnswers(accepted()
                .withHeader("anthropic-ratelimit-requests-reset", "2026-11-28T10:00:42Z")
                .withHeader("anthropic-ratelimit-tokens-reset", "2026-11-28T10:01:30Z")
                .withHeader("anthropic-ratelimit-requests-remaining", "49"));

        publish(due);
        Message message = awaitResult(due);

        WindowUpdated updated = json.readValue(message.getBody(), WindowUpdated.class);
        // Token-bucket refill times, seconds ahead: taking them for a window paid for a message every few seconds.
        assertThat(updated.newResetAt()).isNull();
        assertThat(updated.source()).isEqualTo(WindowSource.NO_WINDOW);
        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.SKIPPED);
        assertThat(updated.rateLimitStatus()).isNull();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain(key);
        LoggedRequest request = onlyUpstreamRequest();
        assertThat(request.getHeader("x-api-key")).isEqualTo(key);
        assertThat(request.containsHeader("authorization")).isFalse();
        assertThat(request.containsHeader("anthropic-beta")).isFalse();
        assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        assertDummyMessage(request, "claude-haiku-4-5");
    }

    @Test
    void anAnswerTooLargeToReadStillStartsTheWindowWithItsCostUnknown() {
        RefreshDue due = due("large-answer", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        String padding = "x".repeat(200 * 1024);
        upstreamAnswers(aResponse().withStatus(200).withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000")
                .withBody("{\"padding\":\"" + padding + "\",\"usage\":{\"input_tokens\":12,\"output_tokens\":10}}"));

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.newResetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        assertThat(updated.inputTokens()).isNull();
        assertThat(updated.outputTokens()).isNull();
    }

    @Test
    void successWithoutResetHeadersSaysItHasNoWindow() {
        RefreshDue due = due("no-headers", null);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
        upstreamAnswers(accepted());

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.newResetAt()).isNull();
        assertThat(updated.source()).isEqualTo(WindowSource.NO_WINDOW);
        assertThat(updated.previousResetAt()).isNull();
        assertThat(updated.httpStatus()).isEqualTo(200);
        apiService.verify(1, getRequestedFor(urlPathEqualTo(credentialsPath(due)))
                .withQueryParam("windowResetAt", com.github.tomakehurst.wiremock.client.WireMock.absent()));
    }

    @Test
    void garbageInTheResetOfASuccessIsASentMessageWithAnEstimatedWindowNotAFailure() {
        RefreshDue due = due("garbage-headers", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        upstreamAnswers(accepted().withHeader("anthropic-ratelimit-unified-reset", "soon"));

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        // The message did go out: reporting a failure would have it sent again.
        assertThat(updated.source()).isEqualTo(WindowSource.ESTIMATED);
        assertThat(updated.newResetAt()).isNull();
        assertThat(updated.httpStatus()).isEqualTo(200);
    }

    @Test
    void fullCustomEndpointIsUsedAsIs() {
        RefreshDue due = due("custom-full", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), anthropic.baseUrl() + "/gateway/anthropic/v1/messages");
        anthropic.stubFor(post(urlPathEqualTo("/gateway/anthropic/v1/messages")).willReturn(accepted()));

        publish(due);
        awaitWindowUpdated(due);

        LoggedRequest request = onlyUpstreamRequest();
        assertThat(request.getUrl()).isEqualTo("/gateway/anthropic/v1/messages");
        assertDummyMessage(request, "claude-haiku-4-5");
    }

    @Test
    void baseCustomEndpointGetsV1MessagesAppended() {
        RefreshDue due = due("custom-base", expiredWindow);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), anthropic.baseUrl() + "/proxy/");
        anthropic.stubFor(post(urlPathEqualTo("/proxy/v1/messages")).willReturn(accepted()));

        publish(due);
        awaitWindowUpdated(due);

        assertThat(onlyUpstreamRequest().getUrl()).isEqualTo("/proxy/v1/messages");
    }

    @Test
    void unknownModelFallsBackToTheNextConfiguredModel() {
        RefreshDue due = due("old-models", expiredWindow);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-haiku-4-5")))
                .willReturn(notFound().withBody("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\"}}")));
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-3-5-haiku-latest")))
                .willReturn(accepted().withHeader("anthropic-ratelimit-unified-reset", "1795860000")));

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.model()).isEqualTo("claude-3-5-haiku-latest");
        assertThat(updated.newResetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        List<LoggedRequest> requests = new ArrayList<>(upstreamRequests());
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        assertThat(requests).hasSize(2);
        assertDummyMessage(requests.get(0), "claude-haiku-4-5");
        assertDummyMessage(requests.get(1), "claude-3-5-haiku-latest");
    }
}
