package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class RefreshFlowTest extends WorkerIntegrationTest {

    private static final String MESSAGE_BODY = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"Hello"}],"stop_reason":"max_tokens",
             "usage":{"input_tokens":12,"output_tokens":10}}""";

    private final Instant expiredWindow = Instant.parse("2026-11-28T10:00:00Z");

    private static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("content-type", "application/json").withBody(MESSAGE_BODY);
    }

    private void upstreamAnswers(ResponseDefinitionBuilder response) {
        anthropic.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(response));
    }

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
    void rateLimitedWithRetryAfterSecondsIsReportedWithItsRetryTime(CapturedOutput output) {
        RefreshDue due = due("limited-account", expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        upstreamAnswers(aResponse().withStatus(429).withHeader("retry-after", "120")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}"));
        Instant before = Instant.now();

        publish(due);
        Message message = awaitResult(due);

        RefreshFailed failed = json.readValue(message.getBody(), RefreshFailed.class);
        assertThat(message.getMessageProperties().getType()).isEqualTo("RefreshFailed");
        assertThat(message.getMessageProperties().getReceivedRoutingKey()).isEqualTo("refresh.failed");
        assertThat(failed.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failed.httpStatus()).isEqualTo(429);
        assertThat(failed.reason()).isEqualTo("429 Too Many Requests");
        assertThat(failed.retryAfter()).isBetween(before.plusSeconds(120), Instant.now().plusSeconds(120));
        assertThat(failed.workerId()).isEqualTo("test-worker");
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain(token);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(output.getOut())
                .contains("Auto-refresh message failed for account limited-account: 429 Too Many Requests")
                .doesNotContain(token);
    }

    @Test
    void overloadedTakesItsRetryTimeFromTheRateLimitReset() {
        RefreshDue due = due("overloaded", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        upstreamAnswers(aResponse().withStatus(529)
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000")
                .withHeader("retry-after", "5"));

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(failed.httpStatus()).isEqualTo(529);
        assertThat(failed.reason()).isEqualTo("529 Overloaded");
        assertThat(failed.retryAfter()).isEqualTo(Instant.ofEpochSecond(1795860000L));
    }

    @Test
    void refusedCredentialsAreAnAuthFailure() {
        RefreshDue due = due("revoked", expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        upstreamAnswers(aResponse().withStatus(401)
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"}}"));

        publish(due);
        Message message = awaitResult(due);

        RefreshFailed failed = json.readValue(message.getBody(), RefreshFailed.class);
        assertThat(failed.kind()).isEqualTo(FailureKind.AUTH);
        assertThat(failed.httpStatus()).isEqualTo(401);
        assertThat(failed.reason()).isEqualTo("401 Unauthorized");
        assertThat(failed.retryAfter()).isNull();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).doesNotContain(token);
        assertThat(upstreamRequests()).hasSize(1);
    }

    @Test
    void serverErrorIsAnUpstreamFailureWithoutTryingAnotherModel() {
        RefreshDue due = due("server-error", expiredWindow);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
        upstreamAnswers(aResponse().withStatus(500));

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.UPSTREAM);
        assertThat(failed.httpStatus()).isEqualTo(500);
        assertThat(failed.reason()).isEqualTo("500 Internal Server Error");
        assertThat(upstreamRequests()).hasSize(1);
    }

    @Test
    void slowUpstreamIsANetworkFailure(CapturedOutput output) {
        RefreshDue due = due("slow-upstream", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        upstreamAnswers(accepted().withFixedDelay(5_000));

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.NETWORK);
        assertThat(failed.httpStatus()).isNull();
        assertThat(failed.reason()).isEqualTo("timed out");
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(output.getOut()).contains("Auto-refresh message failed for account slow-upstream: timed out");
    }

    @Test
    void unreachableUpstreamIsANetworkFailure() {
        RefreshDue due = due("unreachable", expiredWindow);
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), "http://127.0.0.1:9/v1/messages");

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.NETWORK);
        assertThat(failed.httpStatus()).isNull();
        assertThat(failed.reason()).isEqualTo("could not connect");
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
    void inFlightIsAcknowledgedWithoutResultOrUpstreamCall() {
        RefreshDue due = due("claimed-account", expiredWindow);
        answerStatus(due, "IN_FLIGHT", "another refresh holds this window's claim");
        double before = deliveries("in_flight");

        publish(due);

        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries("in_flight") == before + 1);
        assertThat(findResult(due)).isEmpty();
        assertThat(upstreamRequests()).isEmpty();
        apiService.verify(1, getRequestedFor(urlPathEqualTo(credentialsPath(due))));
    }

    @Test
    void verifyFirstSendsNothingWhenTheUsageCheckCannotTellAndSaysSo() {
        RefreshDue due = due("expired-claim", expiredWindow);
        var body = new java.util.HashMap<String, Object>();
        body.put("status", "ELIGIBLE");
        body.put("accountId", due.accountId().toString());
        body.put("accountName", due.accountName());
        body.put("authType", "OAUTH");
        body.put("secret", secret("sk-ant-oat01-"));
        body.put("verifyFirst", true);
        answerCredentials(due, okJson(json.writeValueAsString(body)));
        upstreamAnswers(accepted().withHeader("anthropic-ratelimit-unified-reset", "1795860000"));
        anthropic.stubFor(get(urlPathEqualTo(USAGE_PATH)).atPriority(1).willReturn(aResponse().withStatus(500)));

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(failed.windowResetAt()).isEqualTo(expiredWindow);
        assertThat(failed.reason()).contains("without a usage check showing no open window (usage check FAILED)");
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void notEligibleAccountIsReportedWithoutCallingUpstream() {
        RefreshDue due = due("paused-account", expiredWindow);
        answerStatus(due, "NOT_ELIGIBLE", "paused");

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
        assertThat(failed.httpStatus()).isNull();
        assertThat(failed.reason()).isEqualTo("paused");
        assertThat(failed.retryAfter()).isNull();
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void dueWithFieldsThisWorkerDoesNotKnowIsStillHandled() {
        RefreshDue due = due("newer-scheduler", expiredWindow);
        answerStatus(due, "NOT_ELIGIBLE", "auto-refresh off");
        String newer = json.writeValueAsString(due).replaceFirst("\\{", "{\"priority\":\"high\",");

        publishRaw("RefreshDue", newer, due.refreshId().toString());

        assertThat(awaitRefreshFailed(due).kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
    }

    @Test
    void unknownAccountIsNotEligible() {
        RefreshDue due = due("deleted-account", expiredWindow);
        answerCredentials(due, notFound().withBody("{\"error\":\"account not found\"}"));

        publish(due);

        assertThat(awaitRefreshFailed(due).kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void alreadyRefreshedIsAcknowledgedWithoutResultOrUpstreamCall() {
        RefreshDue due = due("done-account", expiredWindow);
        answerStatus(due, "ALREADY_REFRESHED", "refreshId already has a result");
        double before = deliveries("already_refreshed");

        publish(due);

        // The counter moves only after the delivery is acknowledged, so by then any result would be published.
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries("already_refreshed") == before + 1);
        assertThat(findResult(due)).isEmpty();
        assertThat(upstreamRequests()).isEmpty();
        apiService.verify(1, getRequestedFor(urlPathEqualTo(credentialsPath(due))));
    }

    @Test
    void unavailableApiServiceIsReportedAsUnavailableNotRequeued(CapturedOutput output) {
        RefreshDue due = due("api-down", expiredWindow);
        answerCredentials(due, serviceUnavailable());

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(failed.windowResetAt()).isEqualTo(expiredWindow);
        assertThat(failed.httpStatus()).isNull();
        assertThat(failed.reason()).isEqualTo("credentials unavailable: 503 Service Unavailable");
        assertThat(upstreamRequests()).isEmpty();
        apiService.verify(1, getRequestedFor(urlPathEqualTo(credentialsPath(due))));
        assertThat(output.getOut()).contains(
                "Auto-refresh message failed for account api-down: credentials unavailable: 503 Service Unavailable");
    }

    @Test
    void aBusyApiServiceIsAskedAgainAfterItsRetryAfterAndTheRefreshGoesOn(CapturedOutput output) {
        RefreshDue due = due("busy-api", expiredWindow);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
        // Every lookup turn taken: 503 with Retry-After once, then the answer (the earlier stub) again.
        apiService.stubFor(get(urlPathEqualTo(credentialsPath(due)))
                .inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("free")
                .willReturn(serviceUnavailable().withHeader("Retry-After", "1")));
        upstreamAnswers(accepted().withHeader("anthropic-ratelimit-unified-reset", "1795860000"));

        publish(due);
        WindowUpdated updated = json.readValue(awaitResult(due).getBody(), WindowUpdated.class);

        assertThat(updated.newResetAt()).isEqualTo(Instant.ofEpochSecond(1795860000L));
        List<ServeEvent> lookups = apiService.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith(credentialsPath(due)))
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .toList();
        assertThat(lookups).hasSize(2);
        assertThat(lookups.get(1).getRequest().getLoggedDate().getTime()
                - lookups.get(0).getRequest().getLoggedDate().getTime())
                .as("asked again after the Retry-After second").isGreaterThanOrEqualTo(900);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(output.getOut()).contains("api-service busy (every credential lookup turn taken); asking again "
                + "for account " + due.accountId() + " in 1000 ms");
    }

    @Test
    void anApiServiceThatStaysBusyIsReportedAsUnavailableAfterTwoMoreLookups() {
        RefreshDue due = due("always-busy", expiredWindow);
        answerCredentials(due, serviceUnavailable().withHeader("Retry-After", "0"));

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(failed.reason()).isEqualTo("credentials unavailable: 503 Service Unavailable");
        apiService.verify(3, getRequestedFor(urlPathEqualTo(credentialsPath(due))));
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void credentialsNotReadyYetAreReportedAsUnavailableWithTheApiServicesReason(CapturedOutput output) {
        RefreshDue due = due("token-endpoint-down", expiredWindow);
        String reason = "OAuth token refresh failed: the token endpoint answered 503 Service Unavailable";
        answerStatus(due, "RETRY_LATER", reason);

        publish(due);
        RefreshFailed failed = awaitRefreshFailed(due);

        assertThat(failed.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(failed.httpStatus()).isNull();
        assertThat(failed.reason()).isEqualTo(reason);
        assertThat(upstreamRequests()).isEmpty();
        assertThat(output.getOut()).contains("Auto-refresh message failed for account token-endpoint-down: " + reason);
    }

    @Test
    void holdsManyRefreshesInFlightAtOnce() {
        int refreshes = 10;
        List<RefreshDue> dues = new ArrayList<>();
        for (int i = 0; i < refreshes; i++) {
            RefreshDue due = due("parallel-" + i, expiredWindow);
            answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
            dues.add(due);
        }
        upstreamAnswers(accepted().withFixedDelay(1_200));
        Instant start = Instant.now();

        dues.forEach(this::publish);
        dues.forEach(this::awaitWindowUpdated);

        // One after another these would take at least 12 s; ten consumers on virtual threads overlap them.
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(8));
        assertThat(upstreamRequests()).hasSize(refreshes);
    }

    private LoggedRequest onlyUpstreamRequest() {
        List<LoggedRequest> requests = upstreamRequests();
        assertThat(requests).hasSize(1);
        return requests.getFirst();
    }

    private void assertDummyMessage(LoggedRequest request, String model) {
        JsonNode body = json.readTree(request.getBodyAsString());
        assertThat(body.propertyNames()).containsExactly("model", "max_tokens", "messages");
        assertThat(body.get("model").asString()).isEqualTo(model);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(10);
        assertThat(body.get("messages").size()).isEqualTo(1);
        JsonNode message = body.get("messages").get(0);
        assertThat(message.get("role").asString()).isEqualTo("user");
        assertThat(GUIDE_PROMPTS).contains(message.get("content").asString());
    }
}
