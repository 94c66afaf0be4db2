package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The guide's log lines appear word for word; no secret is ever logged, returned or put on the broker. */
@Order(Integer.MAX_VALUE)
class LogAndSecretsTest extends EndToEndTest {


    @Test
    void logsTheGuidesAutoRefreshLines() {
        String okKey = apiKey();
        String limitedKey = apiKey();
        upstream.opensWindows(okKey, java.time.Duration.ofHours(5));
        upstream.fails(limitedKey, 429, "retry-after", "3600");
        String ok = uniqueName("logged");
        String limited = uniqueName("logged-429");
        String okId = api.createApiKeyAccount(ok, okKey, system.upstreamUrl()).get("id").asString();
        String limitedId = api.createApiKeyAccount(limited, limitedKey, system.upstreamUrl()).get("id").asString();

        api.setAutoRefresh(okId, true);
        api.setAutoRefresh(limitedId, true);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(system.allLogs())
                .contains("Starting auto-refresh scheduler")
                .containsPattern("Found \\d+ account\\(s\\) with reset windows for auto-refresh")
                .contains("Auto-refresh enabled for account '" + ok + "'")
                .contains("Sending auto-refresh message to account: " + ok)
                .contains("Auto-refresh message sent successfully for account: " + ok)
                .containsPattern("Updated rate_limit_reset for " + ok + " to \\d{4}-\\d\\d-\\d\\dT")
                .contains("Auto-refresh message failed for account " + limited + ": 429 Too Many Requests"));
    }

    @Test
    void noSecretAppearsInAnyLogOrApiResponse() {
        assertThat(E2eSupport.SECRETS).isNotEmpty();
        String logs = system.allLogs();
        String accounts = api.accounts().toString();
        for (String secret : E2eSupport.SECRETS) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(accounts).as("GET /api/accounts").doesNotContain(secret);
        }
    }

    @Test
    void noSecretTravelsOnTheBroker() throws Exception {
        List<String> bodies = new ArrayList<>();
        try (var connection = system.brokerConnection(); var channel = connection.createChannel()) {
            GetResponse message;
            while ((message = channel.basicGet(RunningSystem.SPY_QUEUE, true)) != null) {
                bodies.add(new String(message.getBody(), StandardCharsets.UTF_8));
            }
        }

        assertThat(bodies).as("every event since the system started").hasSizeGreaterThan(10);
        for (String body : bodies) {
            for (String secret : E2eSupport.SECRETS) {
                assertThat(body).doesNotContain(secret);
            }
        }
    }
}
