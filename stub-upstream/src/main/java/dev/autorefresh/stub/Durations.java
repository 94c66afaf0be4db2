package dev.autorefresh.stub;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the short durations people type in env vars ({@code 250ms}, {@code 30s}, {@code 2m}, {@code 5h}, {@code 1d}). */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** A bare number means seconds; ISO-8601 ({@code PT5M}) is accepted too. */
    static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException tooBig) {
                throw new IllegalArgumentException("duration out of range: " + text);
            }
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + text);
            }
            return parsed;
        } catch (DateTimeParseException notIso) {
            throw new IllegalArgumentException(
                    "not a duration: '" + text + "' (use e.g. 250ms, 30s, 2m, 5h, 1d or PT5M)");
        }
    }

    /** The shortest readable form, for the start line: 5m, 30s, 250ms, 1h30m. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0ms";
        }
        if (duration.toMillisPart() != 0 || duration.getNano() % 1_000_000 != 0) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toDaysPart() > 0) {
            text.append(duration.toDaysPart()).append('d');
        }
        if (duration.toHoursPart() > 0) {
            text.append(duration.toHoursPart()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
