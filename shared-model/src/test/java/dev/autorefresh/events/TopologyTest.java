package dev.autorefresh.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void namesEveryEventTypeBothWays() {
        for (Class<?> event : new Class<?>[] {RefreshDue.class, WindowUpdated.class, RefreshFailed.class}) {
            assertThat(Topology.eventType(Topology.typeName(event))).contains(event);
        }
    }

    @Test
    void routesEachEventByItsOwnKey() {
        assertThat(Topology.routingKey(RefreshDue.class)).isEqualTo("refresh.due");
        assertThat(Topology.routingKey(WindowUpdated.class)).isEqualTo("window.updated");
        assertThat(Topology.routingKey(RefreshFailed.class)).isEqualTo("refresh.failed");
    }

    @Test
    void knowsNoTypeByClassNameOrNull() {
        assertThat(Topology.eventType(RefreshDue.class.getName())).isEmpty();
        assertThat(Topology.eventType(null)).isEmpty();
        assertThatThrownBy(() -> Topology.typeName(String.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
