package dev.autorefresh.benchmark.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How many of a burst's accounts were done how long after the burst's reset: a cumulative drain curve. */
public record Curve(List<Point> points) {

    /** @param seconds since the reset; @param done accounts done by then */
    public record Point(double seconds, int done) {
    }

    public Curve {
        points = List.copyOf(points);
    }

    /** The cumulative curve of individual completion times (one per account). */
    public static Curve cumulative(Instant origin, List<Instant> completions) {
        double[] seconds = completions.stream().mapToDouble(at -> secondsBetween(origin, at)).toArray();
        Arrays.sort(seconds);
        var points = new ArrayList<Point>(seconds.length + 1);
        points.add(new Point(0, 0));
        for (int i = 0; i < seconds.length; i++) {
            // Consecutive completions in the same millisecond make one step.
            if (i + 1 < seconds.length && seconds[i + 1] == seconds[i]) {
                continue;
            }
            points.add(new Point(Math.max(0, seconds[i]), i + 1));
        }
        return new Curve(points);
    }

    /** Fewer points for the JSON: at most one per {@code step} seconds, always keeping the last. */
    public Curve thinned(double step) {
        var kept = new ArrayList<Point>();
        double next = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            if (point.seconds() >= next || i == points.size() - 1) {
                kept.add(point);
                next = point.seconds() + step;
            }
        }
        return new Curve(kept);
    }

    public int done() {
        return points.isEmpty() ? 0 : points.getLast().done();
    }

    /** When the given number of accounts were done, or null if they never were. */
    public Double secondsUntil(int accounts) {
        return points.stream().filter(point -> point.done() >= accounts).map(Point::seconds).findFirst().orElse(null);
    }

    static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
