package dev.autorefresh.stub;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Applies a partial {@code POST /_stub/config} body to the current config: fields left out keep their
 * value, {@code "forceStatus": null} clears a forced failure. Any bad field rejects the whole update.
 */
final class ConfigUpdate {

    static final Set<String> FIELDS = Set.of("latencyMs", "windowSeconds", "mode", "forceStatus", "retryAfterSeconds");

    private ConfigUpdate() {
    }

    /** The JSON form of a config, as {@code GET /_stub/config} shows it. */
    record View(long latencyMs, long windowSeconds, String mode, Integer forceStatus, long retryAfterSeconds) {

        static View of(StubConfig config) {
            return new View(config.latency().toMillis(), config.window().toSeconds(), config.mode().wireName(),
                    config.forceStatus(), config.retryAfter().toSeconds());
        }
    }

    /** @throws IllegalArgumentException naming the first bad field */
    static StubConfig apply(StubConfig current, JsonNode update) {
        if (update == null || !update.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object with any of " + new TreeSet<>(FIELDS));
        }
        for (String name : update.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (allowed: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        Duration latency = update.has("latencyMs") ? Duration.ofMillis(number(update, "latencyMs")) : current.latency();
        Duration window = update.has("windowSeconds")
                ? Duration.ofSeconds(number(update, "windowSeconds"))
                : current.window();
        WindowMode mode = current.mode();
        if (update.has("mode")) {
            if (!update.get("mode").isString()) {
                throw new IllegalArgumentException("mode must be \"rolling\" or \"aligned\"");
            }
            mode = WindowMode.parse(update.get("mode").stringValue());
        }
        Integer forceStatus = current.forceStatus();
        if (update.has("forceStatus")) {
            forceStatus = update.get("forceStatus").isNull() ? null : Math.toIntExact(number(update, "forceStatus"));
        }
        Duration retryAfter = update.has("retryAfterSeconds")
                ? Duration.ofSeconds(number(update, "retryAfterSeconds"))
                : current.retryAfter();
        return new StubConfig(latency, window, mode, forceStatus, retryAfter);
    }

    private static long number(JsonNode update, String name) {
        JsonNode value = update.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return value.intValue();
    }
}
