package dev.autorefresh.stub;

import java.util.Arrays;
import java.util.Locale;

/**
 * The per-account ways the stub can misbehave (set through {@code POST /_stub/faults}), each a shape of
 * answer a real upstream has been seen to give, or a failure between it and us.
 */
enum FaultMode {
    /** A normal answer after the fault's latency (the account's call outlives timeouts). */
    SLOW,
    /** The call is processed (the window starts, it counts as paid), then the connection closes with no answer. */
    ANSWER_LOST,
    /** 429 with {@code retry-after: 0} and no reset header at all: no usable time to wait for. */
    RETRY_AFTER_ZERO,
    /**
     * 200 with the API-key (Console) headers: requests/tokens reset about a second ahead (token bucket refill
     * times), no unified window headers. Every call is a paid message; there is no window to keep.
     */
    API_KEY_HEADERS,
    /** 200 whose unified reset is absurdly far ahead (400 days). */
    FAR_FUTURE_RESET,
    /** 200 with no rate-limit header at all. */
    NO_HEADERS,
    /** 200 whose unified reset header cannot be read as a time. */
    UNREADABLE_RESET;

    static FaultMode parse(String text) {
        String wire = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(mode -> mode.name().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("mode must be one of "
                        + Arrays.stream(values()).map(FaultMode::wireName).toList() + ", not '" + text + "'"));
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
