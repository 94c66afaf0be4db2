package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Message;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** How an upstream call that does not succeed is reported: each answer or error as its kind of failure, once. */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamFailureTest extends WorkerIntegrationTest {

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
}
