package dev.autorefresh.e2e;

import static dev.autorefresh.e2e.E2eSupport.apiKey;
import static dev.autorefresh.e2e.E2eSupport.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autorefresh.events.RefreshDue;
import dev.autorefresh.events.Topology;
import dev.autorefresh.events.WindowUpdated;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Redeliveries change nothing; poison is parked, not looped. */
class DeliveryTest extends EndToEndTest {

    @RegisterExtension
    static final BrokerPublisher broker = new BrokerPublisher();

    @Test
    void aDuplicateRefreshDueSendsNothingUpstream() throws Exception {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String name = uniqueName("redelivered");
        String id = api.createApiKeyAccount(name, key, system.upstreamUrl()).get("id").asString();
        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.refreshes(id).get("items").size() == 1);
        JsonNode done = api.refreshes(id).get("items").get(0);
        UUID refreshId = UUID.fromString(done.get("refreshId").asString());

        // The same refresh again, and a stale dispatch of the window that has since moved on.
        broker.publish("RefreshDue", Topology.REFRESH_DUE, new RefreshDue(refreshId, UUID.fromString(id), name, null, 1,
                Instant.now(), Instant.now()));
        broker.publish("RefreshDue", Topology.REFRESH_DUE, new RefreshDue(UUID.randomUUID(), UUID.fromString(id), name,
                Instant.now().minusSeconds(60), 2, Instant.now(), Instant.now()));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> upstream.count(key) == 1);
        assertThat(api.refreshes(id).get("items")).hasSize(1);
    }

    @Test
    void aDuplicateResultChangesNothing() throws Exception {
        String key = apiKey();
        upstream.opensWindows(key, Duration.ofHours(5));
        String id = api.createApiKeyAccount(uniqueName("dup-result"), key, system.upstreamUrl()).get("id").asString();
        api.setAutoRefresh(id, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.refreshes(id).get("items").size() == 1);
        JsonNode before = api.account(id);
        UUID refreshId = UUID.fromString(api.refreshes(id).get("items").get(0).get("refreshId").asString());

        broker.publish("WindowUpdated", Topology.WINDOW_UPDATED, new WindowUpdated(refreshId, UUID.fromString(id), null,
                Instant.now().plus(Duration.ofDays(3)), "allowed", 1, 200, "m", Instant.now(), 1, "e2e", null, null));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> {
            JsonNode after = api.account(id);
            return after.get("rateLimitReset").equals(before.get("rateLimitReset"))
                    && api.refreshes(id).get("items").size() == 1;
        });
    }

    @Test
    void malformedMessagesLandInTheParkingLots() throws Exception {
        long workerParked = broker.depth(Topology.WORKER_PARKING_LOT);
        long resultsParked = broker.depth(Topology.RESULTS_PARKING_LOT);

        broker.publishRaw("RefreshDue", Topology.REFRESH_DUE, "{this is not json");
        broker.publishRaw("SomethingElse", Topology.REFRESH_DUE, "{}");
        broker.publishRaw("WindowUpdated", Topology.WINDOW_UPDATED, "[1, 2, 3]");

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.depth(Topology.WORKER_PARKING_LOT) == workerParked + 2
                && broker.depth(Topology.RESULTS_PARKING_LOT) == resultsParked + 1);
        assertThat(system.workers).allMatch(dev.autorefresh.testsupport.ServiceProcess::isAlive);
    }
}
