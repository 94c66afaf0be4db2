package dev.autorefresh.benchmark.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's heap did, read from its {@code -Xlog:gc} file: the heap left after each collection is the
 * service's live data, so its maximum shows whether the steady state fits the heap limit.
 *
 * @param collections   GC pauses logged
 * @param maxAfterGcMiB the largest heap occupancy right after a collection
 * @param lastAfterGcMiB the occupancy after the last collection
 * @param maxCommittedMiB the largest heap the JVM had reserved
 * @param pauseMillis   total time in GC pauses
 * @param liveMiB       the heap after the last full collection: live data only (null if none ran)
 */
public record GcLog(int collections, double maxAfterGcMiB, double lastAfterGcMiB, double maxCommittedMiB,
        double pauseMillis, Double liveMiB) {

    // [12.345s][info][gc] GC(7) Pause Young (Allocation Failure) 70M->12M(247M) 3.456ms
    private static final Pattern PAUSE = Pattern.compile(
            "Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)\\s+([0-9.]+)ms");

    public static GcLog read(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            return new GcLog(0, 0, 0, 0, 0, null);
        }
    }

    static GcLog parse(List<String> lines) {
        int collections = 0;
        double maxAfter = 0;
        double lastAfter = 0;
        double maxCommitted = 0;
        double pause = 0;
        Double live = null;
        for (String line : lines) {
            Matcher matcher = PAUSE.matcher(line);
            if (!matcher.find()) {
                continue;
            }
            collections++;
            lastAfter = mib(matcher.group(3), matcher.group(4));
            maxAfter = Math.max(maxAfter, lastAfter);
            maxCommitted = Math.max(maxCommitted, mib(matcher.group(5), matcher.group(6)));
            pause += Double.parseDouble(matcher.group(7));
            if (line.contains("Pause Full")) {
                live = lastAfter;
            }
        }
        return new GcLog(collections, maxAfter, lastAfter, maxCommitted, Math.round(pause * 10) / 10.0, live);
    }

    private static double mib(String amount, String unit) {
        double value = Double.parseDouble(amount);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
