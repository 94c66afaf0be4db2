package dev.autorefresh.stub;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up settings. Each comes from an environment variable or the same name as a
 * {@code --NAME=value} argument (arguments win; {@code --stub-window=30s} works too).
 */
record StubSettings(String bind, int port, StubConfig initial, boolean logRequests) {

    static final String DEFAULT_BIND = "0.0.0.0";
    static final int DEFAULT_PORT = 9090;
    static final String DEFAULT_WINDOW = "5m";
    static final String DEFAULT_LATENCY = "0ms";
    static final String DEFAULT_MODE = "rolling";

    StubSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535");
        }
    }

    static StubSettings from(Map<String, String> env, String[] args) {
        Map<String, String> values = new HashMap<>(env);
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
                throw new IllegalArgumentException("arguments look like --NAME=value, not '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('=')).toUpperCase(Locale.ROOT).replace('-', '_');
            values.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        return new StubSettings(
                values.getOrDefault("BIND", DEFAULT_BIND),
                port(values.getOrDefault("PORT", String.valueOf(DEFAULT_PORT))),
                StubConfig.of(
                        duration("STUB_LATENCY", values.getOrDefault("STUB_LATENCY", DEFAULT_LATENCY)),
                        duration("STUB_WINDOW", values.getOrDefault("STUB_WINDOW", DEFAULT_WINDOW)),
                        WindowMode.parse(values.getOrDefault("STUB_WINDOW_MODE", DEFAULT_MODE))),
                flag("STUB_LOG_REQUESTS", values.getOrDefault("STUB_LOG_REQUESTS", "true")));
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("PORT must be a number, not '" + text + "'");
        }
    }

    private static Duration duration(String name, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(name + ": " + bad.getMessage());
        }
    }

    private static boolean flag(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + text + "'");
        };
    }
}
