package dev.autorefresh.worker.upstream;

import dev.autorefresh.events.WindowSource;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the new window (or the time to wait) from an upstream response's headers. */
final class RateLimitHeaders {

    static final String UNIFIED_RESET = "anthropic-ratelimit-unified-reset";
    static final String UNIFIED_STATUS = "anthropic-ratelimit-unified-status";
    static final String UNIFIED_REMAINING = "anthropic-ratelimit-unified-remaining";
    static final String REQUESTS_RESET = "anthropic-ratelimit-requests-reset";
    static final String TOKENS_RESET = "anthropic-ratelimit-tokens-reset";
    static final String REQUESTS_REMAINING = "anthropic-ratelimit-requests-remaining";
    static final String RETRY_AFTER = "retry-after";

    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
    private static final Pattern STATUS = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    /**
     * The subscription window a 2xx response started.
     *
     * @param resetAt the unified reset; null unless {@code source} is {@code MESSAGE}
     * @param source  {@code MESSAGE} (a readable unified reset), {@code ESTIMATED} (a unified reset that could not
     *                be read) or {@code NO_WINDOW} (no unified reset at all, as an API-key account answers)
     */
    record Window(Instant resetAt, String status, Integer remaining, WindowSource source) {
    }

    private RateLimitHeaders() {
    }

    /**
     * Only the unified headers describe the five-hour subscription window. The requests/tokens resets an API-key
     * account answers with are token-bucket refill times, seconds ahead: taking them for a window would pay for a
     * message every few seconds. A 2xx is never turned into a failure here: the message went out, so an
     * unreadable header only makes the window an estimate, and the status and remaining count are optional.
     */
    static Window window(HttpHeaders headers) {
        String status = optional(() -> status(headers));
        Integer remaining = optional(() -> count(headers, UNIFIED_REMAINING));
        Optional<String> unifiedReset = value(headers, UNIFIED_RESET);
        if (unifiedReset.isEmpty()) {
            return new Window(null, status, remaining, WindowSource.NO_WINDOW);
        }
        try {
            return new Window(unixSeconds(UNIFIED_RESET, unifiedReset.get()), status, remaining, WindowSource.MESSAGE);
        } catch (InvalidHeader e) {
            return new Window(null, status, remaining, WindowSource.ESTIMATED);
        }
    }

    private interface HeaderRead<T> {
        T read() throws InvalidHeader;
    }

    private static <T> T optional(HeaderRead<T> read) {
        try {
            return read.read();
        } catch (InvalidHeader e) {
            return null;
        }
    }

    /**
     * When a 429/529 says the account may be tried again: the unified reset, else the later requests/tokens reset,
     * else Retry-After. Only a hint: the api-service applies its floor (a zero, a past time or none all wait).
     */
    static Instant retryAfter(HttpHeaders headers, Instant now) throws InvalidHeader {
        Optional<String> unifiedReset = value(headers, UNIFIED_RESET);
        if (unifiedReset.isPresent()) {
            return unixSeconds(UNIFIED_RESET, unifiedReset.get());
        }
        Instant reset = laterRfc3339Reset(headers);
        if (reset != null) {
            return reset;
        }
        Optional<String> retryAfter = value(headers, RETRY_AFTER);
        return retryAfter.isPresent() ? retryAfterTime(retryAfter.get(), now) : null;
    }

    private static Instant laterRfc3339Reset(HttpHeaders headers) throws InvalidHeader {
        Instant requests = rfc3339(headers, REQUESTS_RESET);
        Instant tokens = rfc3339(headers, TOKENS_RESET);
        if (requests == null || tokens == null) {
            return requests == null ? tokens : requests;
        }
        return requests.isAfter(tokens) ? requests : tokens;
    }

    private static Instant unixSeconds(String header, String value) throws InvalidHeader {
        if (!UNIX_SECONDS.matcher(value).matches()) {
            throw new InvalidHeader(header, "Unix seconds");
        }
        BigDecimal seconds = new BigDecimal(value);
        try {
            return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        } catch (DateTimeException e) {
            throw new InvalidHeader(header, "Unix seconds");
        }
    }

    private static Instant rfc3339(HttpHeaders headers, String header) throws InvalidHeader {
        Optional<String> value = value(headers, header);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidHeader(header, "an RFC 3339 time");
        }
    }

    private static Instant retryAfterTime(String value, Instant now) throws InvalidHeader {
        if (DIGITS.matcher(value).matches()) {
            return now.plusSeconds(Long.parseLong(value));
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidHeader(RETRY_AFTER, "seconds or an HTTP date");
        }
    }

    private static Integer count(HttpHeaders headers, String header) throws InvalidHeader {
        Optional<String> value = value(headers, header);
        if (value.isEmpty()) {
            return null;
        }
        if (!DIGITS.matcher(value.get()).matches() || Long.parseLong(value.get()) > Integer.MAX_VALUE) {
            throw new InvalidHeader(header, "a count");
        }
        return Integer.valueOf(value.get());
    }

    private static String status(HttpHeaders headers) throws InvalidHeader {
        Optional<String> value = value(headers, UNIFIED_STATUS);
        if (value.isPresent() && !STATUS.matcher(value.get()).matches()) {
            throw new InvalidHeader(UNIFIED_STATUS, "a status word");
        }
        return value.orElse(null);
    }

    private static Optional<String> value(HttpHeaders headers, String header) {
        return headers.firstValue(header).map(String::strip).filter(value -> !value.isEmpty());
    }
}
