package dev.autorefresh.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.autorefresh.events.FailureKind;
import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.RefreshFailed;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A credential never leaves the worker for a host the allow-list does not name, whatever the api-service hands
 * out (a row changed behind its back, a list narrowed since). "Elsewhere" is a real HTTP server that counts what
 * reaches it; only {@code http://127.0.0.1:<its port>} is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class ForbiddenEndpointTest extends WorkerIntegrationTest {

    @RegisterExtension
    static WireMockExtension elsewhere = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @DynamicPropertySource
    static void allowList(DynamicPropertyRegistry registry) {
        registry.add("autorefresh.endpoints.allowed-hosts", () -> "api.anthropic.com,http://127.0.0.1:" + elsewhere.getPort());
    }

    @BeforeEach
    void elsewhereAcceptsEverything() {
        elsewhere.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("anthropic-ratelimit-unified-reset", "1795860000")));
    }

    @Test
    void aHostNotOnTheListGetsNoRequestAndTheRefreshFailsAsNotEligible(CapturedOutput output) {
        String token = secret("sk-ant-oat01-");
        for (String forbidden : new String[] {
                "http://localhost:" + elsewhere.getPort() + "/v1/messages",
                "http://127.0.0.2:" + elsewhere.getPort(),
                "http://127.0.0.1:" + elsewhere.getPort() + "0"}) {
            RefreshDue due = due("exfiltration", Instant.parse("2026-11-28T10:00:00Z"));
            answerEligible(due, "OAUTH", token, forbidden);

            publish(due);
            RefreshFailed failed = awaitRefreshFailed(due);

            assertThat(failed.kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
            assertThat(failed.httpStatus()).isNull();
            assertThat(failed.reason()).contains("is not allowed").contains("AUTOREFRESH_ALLOWED_HOSTS")
                    .doesNotContain("/v1/messages");
        }
        // Neither the message nor the free usage check that comes first for an OAuth account reached it.
        elsewhere.verify(0, anyRequestedFor(anyUrl()));
        assertThat(upstreamRequests()).isEmpty();
        assertThat(usageRequests()).isEmpty();
        assertThat(output.getOut()).doesNotContain(token);
    }

    @Test
    void plainHttpToAHostAllowedForHttpsOnlyIsRefused() {
        RefreshDue due = due("downgrade", null);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), "http://api.anthropic.com/v1/messages");

        publish(due);

        assertThat(awaitRefreshFailed(due).kind()).isEqualTo(FailureKind.NOT_ELIGIBLE);
    }

    @Test
    void theAllowedHostGetsItsMessage() {
        RefreshDue due = due("allowed", null);
        answerEligible(due, "API_KEY", secret("sk-ant-api03-"), "http://127.0.0.1:" + elsewhere.getPort());

        publish(due);
        awaitWindowUpdated(due);

        elsewhere.verify(1, postRequestedFor(urlPathEqualTo("/v1/messages")));
    }
}
