package dev.autorefresh.events;

import java.util.Map;
import java.util.Optional;

/** The broker names every service agrees on. Declared by the services that consume them. */
public final class Topology {

    /** Durable topic exchange carrying every event. */
    public static final String EXCHANGE = "autorefresh.events";

    public static final String REFRESH_DUE = "refresh.due";
    public static final String WINDOW_UPDATED = "window.updated";
    public static final String REFRESH_FAILED = "refresh.failed";

    /** Quorum queue the workers consume {@link RefreshDue} from. */
    public static final String WORKER_QUEUE = "refresh-worker.refresh-due";
    /** Quorum queue the api-service consumes results from. */
    public static final String RESULTS_QUEUE = "api-service.refresh-results";

    /** Dead-letter exchange (direct); a dead-lettered message keeps its queue name as routing key. */
    public static final String DEAD_LETTER_EXCHANGE = "autorefresh.dead-letter";
    public static final String WORKER_PARKING_LOT = WORKER_QUEUE + ".parking-lot";
    public static final String RESULTS_PARKING_LOT = RESULTS_QUEUE + ".parking-lot";

    /** Deliveries of one message before the broker parks it (quorum queue {@code x-delivery-limit}). */
    public static final int DELIVERY_LIMIT = 5;

    /**
     * The AMQP {@code type} property names the event; consumers map it to a record with {@link #eventType}.
     * Class names never cross the wire.
     */
    private static final Map<String, Class<?>> EVENT_TYPES = Map.of(
            "RefreshDue", RefreshDue.class,
            "WindowUpdated", WindowUpdated.class,
            "RefreshFailed", RefreshFailed.class);

    private Topology() {
    }

    public static Optional<Class<?>> eventType(String typeName) {
        return Optional.ofNullable(typeName).map(EVENT_TYPES::get);
    }

    public static String typeName(Class<?> eventClass) {
        return EVENT_TYPES.entrySet().stream()
                .filter(entry -> entry.getValue().equals(eventClass))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event: " + eventClass.getName()));
    }

    public static String routingKey(Class<?> eventClass) {
        if (eventClass == RefreshDue.class) {
            return REFRESH_DUE;
        }
        if (eventClass == WindowUpdated.class) {
            return WINDOW_UPDATED;
        }
        if (eventClass == RefreshFailed.class) {
            return REFRESH_FAILED;
        }
        throw new IllegalArgumentException("not an event: " + eventClass.getName());
    }
}
