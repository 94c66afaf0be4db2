package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What the api-service's answer to the credentials lookup decides: send, report the account ineligible or the
 * credentials unavailable, ask again when it is busy, or settle the delivery with nothing sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialLookupTest extends WorkerIntegrationTest {

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
    void unknownAccountIsNotEligible() {
        RefreshDue due = due("deleted-account", expiredWindow);
        answerCredentials(due, notFound().withBody("{\"error\":\"account not found\"}"));

        publish(due);

        assertThat(awaitRefreshFailed(due).kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
        assertThat(upstreamRequests()).isEmpty();
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
}
