package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.UsageCheck;
import dev.autorefresh.events.WindowSource;
import dev.autorefresh.events.WindowUpdated;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The free usage check before a paid message, against a real HTTP server standing in for Anthropic. */
@ExtendWith(OutputCaptureExtension.class)
class UsageCheckFlowTest extends WorkerIntegrationTest {

    // A window that closed a minute ago, not the fixed past one of the other classes: the usage check compares with now.
    private final Instant expiredWindow = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    private void messagesAccepted(long reset) {
        anthropic.stubFor(post(urlPathMatching(".*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json")
                .withHeader("anthropic-ratelimit-unified-reset", Long.toString(reset))
                .withHeader("anthropic-ratelimit-unified-status", "allowed")
                .withBody(MESSAGE_BODY)));
    }

    private void usageAnswers(ResponseDefinitionBuilder answer) {
        anthropic.stubFor(get(urlPathMatching(".*" + USAGE_PATH)).atPriority(1).willReturn(answer));
    }

    private static String usageBody(Instant resetsAt) {
        return "{\"five_hour\": {\"utilization\": 37.0, \"resets_at\": "
                + (resetsAt == null ? "null" : "\"" + resetsAt.atOffset(java.time.ZoneOffset.UTC) + "\"")
                + "}, \"seven_day\": {\"utilization\": 12.0, \"resets_at\": null}}";
    }

    private void answerEligibleVerifyFirst(RefreshDue due, String token) {
        var body = new java.util.HashMap<String, Object>();
        body.put("status", "ELIGIBLE");
        body.put("accountId", due.accountId().toString());
        body.put("accountName", due.accountName());
        body.put("authType", "OAUTH");
        body.put("secret", token);
        body.put("verifyFirst", true);
        answerCredentials(due, okJson(json.writeValueAsString(body)));
    }

    private double checks(String result, String reason) {
        return meters.find("autorefresh.worker.usage.checks").tag("result", result).tag("reason", reason)
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void windowAlreadyOpenMeansNoPaidMessageAndTheWindowFromTheAnswer() {
        RefreshDue due = due("opened-by-the-user", expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        Instant resetsAt = Instant.now().plus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        usageAnswers(okJson(usageBody(resetsAt)));
        messagesAccepted(resetsAt.getEpochSecond());
        double before = checks("open", "none");

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.source()).isEqualTo(WindowSource.USAGE_CHECK);
        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.OPEN);
        assertThat(updated.messageSent()).isFalse();
        assertThat(updated.newResetAt()).isEqualTo(resetsAt);
        assertThat(updated.previousResetAt()).isEqualTo(expiredWindow);
        assertThat(updated.httpStatus()).isEqualTo(200);
        assertThat(upstreamRequests()).isEmpty();
        assertThat(usageRequests()).hasSize(1);
        assertThat(checks("open", "none") - before).isEqualTo(1.0);
    }

    @Test
    void usageCheckSendsTheBearerTokenAndTheOAuthBetaHeaderAndNothingElseSecret() {
        RefreshDue due = due("headers", expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        usageAnswers(okJson(usageBody(Instant.now().plus(2, ChronoUnit.HOURS))));

        publish(due);
        awaitWindowUpdated(due);

        LoggedRequest check = usageRequests().getFirst();
        assertThat(check.getMethod().getName()).isEqualTo("GET");
        assertThat(check.getUrl()).isEqualTo(USAGE_PATH);
        assertThat(check.getHeader("authorization")).isEqualTo("Bearer " + token);
        assertThat(check.getHeader("anthropic-beta")).isEqualTo("oauth-2025-04-20");
        assertThat(check.containsHeader("x-api-key")).isFalse();
        assertThat(check.getBodyAsString()).isEmpty();
    }

    @Test
    void noOpenWindowMeansExactlyOneMessageMarkedNotOpen() {
        RefreshDue due = due("nothing-open", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        usageAnswers(okJson(usageBody(null)));
        long reset = Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond();
        messagesAccepted(reset);

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.source()).isEqualTo(WindowSource.MESSAGE);
        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.NOT_OPEN);
        assertThat(updated.newResetAt()).isEqualTo(Instant.ofEpochSecond(reset));
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(usageRequests()).hasSize(1);
    }

    @Test
    void aReportedResetThatIsTheExpiredWindowItselfIsNotAnOpenWindow() {
        Instant stillOpenExpired = Instant.now().plus(30, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
        RefreshDue due = due("same-window", stillOpenExpired);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        usageAnswers(okJson(usageBody(stillOpenExpired)));
        messagesAccepted(Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond());

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.NOT_OPEN);
        assertThat(upstreamRequests()).hasSize(1);
    }

    static Stream<Arguments> unavailableAnswers() {
        return Stream.of(
                Arguments.of("forbidden", aResponse().withStatus(403).withHeader("content-type", "application/json")
                        .withBody("{\"type\":\"error\",\"error\":{\"type\":\"permission_error\","
                                + "\"message\":\"OAuth token does not meet scope requirement user:profile\"}}")),
                Arguments.of("not_found", aResponse().withStatus(404)),
                Arguments.of("server_error", aResponse().withStatus(500)),
                Arguments.of("unknown_shape", okJson("{\"limits\": {\"session_percent\": 12}}")),
                Arguments.of("unknown_shape", aResponse().withStatus(200).withBody("<html>garbage</html>")),
                Arguments.of("unknown_shape", okJson("{\"five_hour\": {\"resets_at\": \"tomorrow\"}}")),
                Arguments.of("implausible_reset", okJson(usageBody(Instant.now().plus(3, ChronoUnit.DAYS)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unavailableAnswers")
    void anUnavailableUsageCheckStillSendsOneMessageAndIsCounted(String reason, ResponseDefinitionBuilder answer,
            CapturedOutput output) {
        RefreshDue due = due("check-" + reason, expiredWindow);
        String token = secret("sk-ant-oat01-");
        answerEligible(due, "OAUTH", token, null);
        usageAnswers(answer);
        long reset = Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond();
        messagesAccepted(reset);
        double before = checks("failed", reason);

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.source()).isEqualTo(WindowSource.MESSAGE);
        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.FAILED);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(checks("failed", reason) - before).isEqualTo(1.0);
        assertThat(output.getAll()).contains("Usage check failed for account check-" + reason);
        assertThat(output.getAll()).doesNotContain(token);
    }

    @Test
    void aSlowUsageEndpointTimesOutAndTheMessageStillGoesOut() {
        RefreshDue due = due("slow-check", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        // Longer than the test context's usage read timeout (see application properties of WorkerIntegrationTest).
        usageAnswers(okJson(usageBody(Instant.now().plus(2, ChronoUnit.HOURS))).withFixedDelay(4_000));
        messagesAccepted(Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond());
        double before = checks("failed", "timeout");

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.FAILED);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(checks("failed", "timeout") - before).isEqualTo(1.0);
    }

    @Test
    void anAnswerThatTricklesInPastTheTimeoutIsAFailedCheckNotAStuckWorker() {
        RefreshDue due = due("trickling-check", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), null);
        // Headers at once, the body over 4 s: the read timeout (1 s here) must bound the body too.
        usageAnswers(okJson(usageBody(Instant.now().plus(2, ChronoUnit.HOURS))).withChunkedDribbleDelay(8, 4_000));
        messagesAccepted(Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond());
        double before = checks("failed", "timeout");

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.FAILED);
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(checks("failed", "timeout") - before).isEqualTo(1.0);
    }

    @Test
    void anExpiredClaimWhoseMessageDidGoOutIsSettledByTheCheckWithoutPayingAgain() {
        RefreshDue due = due("verify-open", expiredWindow);
        answerEligibleVerifyFirst(due, secret("sk-ant-oat01-"));
        Instant resetsAt = Instant.now().plus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        usageAnswers(okJson(usageBody(resetsAt)));
        messagesAccepted(resetsAt.getEpochSecond());

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.source()).isEqualTo(WindowSource.USAGE_CHECK);
        assertThat(updated.newResetAt()).isEqualTo(resetsAt);
        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void anExpiredClaimWhoseMessageNeverWentOutIsSentOnceTheCheckShowsNoWindow() {
        RefreshDue due = due("verify-not-open", expiredWindow);
        answerEligibleVerifyFirst(due, secret("sk-ant-oat01-"));
        usageAnswers(okJson(usageBody(null)));
        messagesAccepted(Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond());

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.source()).isEqualTo(WindowSource.MESSAGE);
        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.NOT_OPEN);
        assertThat(upstreamRequests()).hasSize(1);
    }

    @Test
    void apiKeyAccountsAreNeverChecked() {
        RefreshDue due = due("console-account", expiredWindow);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), null);
        usageAnswers(okJson(usageBody(Instant.now().plus(2, ChronoUnit.HOURS))));
        messagesAccepted(Instant.now().plus(5, ChronoUnit.HOURS).getEpochSecond());

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.SKIPPED);
        assertThat(usageRequests()).isEmpty();
        assertThat(upstreamRequests()).hasSize(1);
    }

    @Test
    void anAccountWithACustomEndpointIsCheckedAtThatOriginsUsagePath() {
        RefreshDue due = due("behind-a-proxy", expiredWindow);
        answerEligible(due, "OAUTH", secret("sk-ant-oat01-"), anthropic.baseUrl() + "/proxy/v1/messages");
        usageAnswers(okJson(usageBody(Instant.now().plus(2, ChronoUnit.HOURS))));

        publish(due);
        WindowUpdated updated = awaitWindowUpdated(due);

        assertThat(updated.usageCheck()).isEqualTo(UsageCheck.OPEN);
        assertThat(usageRequests()).extracting(LoggedRequest::getUrl).containsExactly(USAGE_PATH);
        assertThat(upstreamRequests()).isEmpty();
    }
}
