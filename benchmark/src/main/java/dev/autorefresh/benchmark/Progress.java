package dev.autorefresh.benchmark;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** What the run is doing, on stderr, so a long run can be followed; the results go to stdout and the files. */
final class Progress {

    private Progress() {
    }

    static void say(String format, Object... arguments) {
        System.err.printf("[benchmark %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                format.formatted(arguments));
    }
}
