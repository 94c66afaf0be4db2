package dev.autorefresh.benchmark.report;

import dev.autorefresh.benchmark.stats.Curve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;

/**
 * The run as a picture, drawn with Java2D: left, the steady-state lag distribution (cumulative, log time axis, so
 * a 1 s lag and a 60 s lag both show); right, the burst drain curves. Ours in blue, the baseline in orange.
 */
public final class Chart {

    static final int WIDTH = 1400;
    static final int HEIGHT = 600;
    private static final Color OURS = new Color(0x1f, 0x77, 0xb4);
    private static final Color BASELINE = new Color(0xff, 0x7f, 0x0e);
    private static final Color TARGET = new Color(0xd6, 0x27, 0x28);
    private static final Stroke SOLID = new BasicStroke(2.2f);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10,
            new float[] {6, 5}, 0);

    private record Series(String label, Color color, Stroke stroke, List<double[]> points) {
    }

    private Chart() {
    }

    public static void write(Results results, Path file) {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            var machine = results.machine();
            g.drawString("auto-refresh benchmark, %s: %d cores, %.0f GiB, everything on one machine (load %.1f at start)"
                    .formatted(results.startedAt().toString().substring(0, 16).replace('T', ' '), machine.cores(),
                            machine.memoryGiB(), results.load().atStart()[0]), 20, 28);
            lagPanel(g, results, new Panel(70, 70, 600, 450));
            drainPanel(g, results, new Panel(770, 70, 600, 450));
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void lagPanel(Graphics2D g, Results results, Panel panel) {
        var series = new ArrayList<Series>();
        series.add(new Series("ours: %,d accounts, %d workers".formatted(results.ours().accounts(),
                (int) results.settings().getOrDefault("workers", 0)), OURS, SOLID, seconds(results.ours().steady().lagCdf())));
        if (results.baseline() != null) {
            series.add(new Series("baseline: %,d accounts, 60 s tick, 1 at a time".formatted(
                    results.baseline().accounts()), BASELINE, SOLID, seconds(results.baseline().steady().lagCdf())));
        }
        double max = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(10);
        double xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(max, 3))));
        DoubleUnaryOperator x = value -> panel.left + panel.width
                * (Math.log10(Math.max(value, 0.1)) + 1) / (Math.log10(xMax) + 1);
        DoubleUnaryOperator y = value -> panel.top + panel.height * (1 - value / 100);
        frame(g, panel, "Refresh lag at steady state (window reset -> upstream receives the message)",
                "lag, seconds (log scale)", "% of windows refreshed within");
        for (double tick = 0.1; tick <= xMax * 1.001; tick *= 10) {
            for (int m = 1; m <= 9; m++) {
                double value = tick * m;
                if (value > xMax * 1.001) {
                    break;
                }
                xTick(g, panel, x.applyAsDouble(value), m == 1 || m == 2 || m == 5 ? label(value) : null);
            }
        }
        yTicks(g, panel, y, 100, 20, "%");
        vertical(g, panel, x.applyAsDouble(2), "target p99 2 s");
        for (Series one : series) {
            // A CDF from [percent, seconds] pairs: x is the lag, y the percent.
            plot(g, one, x, y, true);
        }
        legend(g, panel, series);
    }

    private static void drainPanel(Graphics2D g, Results results, Panel panel) {
        var series = new ArrayList<Series>();
        var ours = results.ours().burst();
        series.add(new Series("ours: sent to upstream", OURS, DASHED, percent(ours.upstream(), ours.inBurst())));
        series.add(new Series("ours: new window committed (%,d windows)".formatted(ours.inBurst()), OURS, SOLID,
                percent(ours.committed(), ours.inBurst())));
        Results.Burst baseline = results.baseline() == null ? null : results.baseline().burst();
        if (baseline != null) {
            series.add(new Series("baseline: sent to upstream", BASELINE, DASHED,
                    percent(baseline.upstream(), baseline.inBurst())));
            series.add(new Series("baseline: new window committed (%,d windows)".formatted(baseline.inBurst()),
                    BASELINE, SOLID, percent(baseline.committed(), baseline.inBurst())));
        }
        double max = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(30);
        double xMax = Math.max(35, Math.ceil(max / 10) * 10);
        DoubleUnaryOperator x = value -> panel.left + panel.width * value / xMax;
        DoubleUnaryOperator y = value -> panel.top + panel.height * (1 - value / 100);
        frame(g, panel, "Burst: every window resets in the same second", "seconds after the reset",
                "% of the burst's windows");
        double step = xMax <= 60 ? 5 : xMax <= 150 ? 10 : xMax <= 400 ? 30 : 60;
        for (double tick = 0; tick <= xMax + 0.001; tick += step) {
            xTick(g, panel, x.applyAsDouble(tick), label(tick));
        }
        yTicks(g, panel, y, 100, 20, "%");
        vertical(g, panel, x.applyAsDouble(30), "target 30 s");
        for (Series one : series) {
            plot(g, one, x, y, false);
        }
        // Where GET /api/accounts showed every new window: the drain's end.
        visibleMark(g, x, y, ours.drainSeconds(), OURS);
        if (baseline != null) {
            visibleMark(g, x, y, baseline.drainSeconds(), BASELINE);
        }
        var legend = new ArrayList<>(series);
        legend.add(new Series("all visible via GET /api/accounts", Color.DARK_GRAY, null, List.of()));
        legend(g, panel, legend);
    }

    private static void visibleMark(Graphics2D g, DoubleUnaryOperator x, DoubleUnaryOperator y, Double seconds,
            Color color) {
        if (seconds == null) {
            return;
        }
        int cx = (int) x.applyAsDouble(seconds);
        int cy = (int) y.applyAsDouble(100);
        g.setColor(color);
        g.fillOval(cx - 5, cy - 5, 10, 10);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawOval(cx - 5, cy - 5, 10, 10);
        g.drawString("%.0f s".formatted(seconds), cx + 7, cy + 16);
    }

    private static List<double[]> seconds(List<double[]> cdf) {
        return cdf.stream().map(point -> new double[] {point[1] / 1000.0, point[0]}).toList();
    }

    private static List<double[]> percent(Curve curve, int total) {
        return curve.points().stream()
                .map(point -> new double[] {point.seconds(), total == 0 ? 0 : 100.0 * point.done() / total}).toList();
    }

    private record Panel(int left, int top, int width, int height) {
    }

    private static void frame(Graphics2D g, Panel panel, String title, String xLabel, String yLabel) {
        g.setColor(new Color(0xf7, 0xf7, 0xf7));
        g.fillRect(panel.left, panel.top, panel.width, panel.height);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(panel.left, panel.top, panel.width, panel.height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, panel.left, panel.top - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xLabel, panel.left + panel.width / 2 - g.getFontMetrics().stringWidth(xLabel) / 2,
                panel.top + panel.height + 38);
        var rotated = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(panel.top + panel.height / 2 + g.getFontMetrics().stringWidth(yLabel) / 2),
                panel.left - 42);
        g.setTransform(rotated);
    }

    private static void xTick(Graphics2D g, Panel panel, double x, String label) {
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        g.setStroke(new BasicStroke(1));
        g.drawLine((int) x, panel.top, (int) x, panel.top + panel.height);
        if (label != null) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, (int) x - g.getFontMetrics().stringWidth(label) / 2, panel.top + panel.height + 18);
        }
    }

    private static void yTicks(Graphics2D g, Panel panel, DoubleUnaryOperator y, double max, double step, String unit) {
        for (double value = 0; value <= max + 0.001; value += step) {
            int at = (int) y.applyAsDouble(value);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(panel.left, at, panel.left + panel.width, at);
            g.setColor(Color.DARK_GRAY);
            String label = label(value) + unit;
            g.drawString(label, panel.left - 8 - g.getFontMetrics().stringWidth(label), at + 4);
        }
    }

    private static void vertical(Graphics2D g, Panel panel, double x, String label) {
        g.setColor(TARGET);
        g.setStroke(DASHED);
        g.drawLine((int) x, panel.top, (int) x, panel.top + panel.height);
        g.drawString(label, (int) x + 4, panel.top + 14);
    }

    private static void plot(Graphics2D g, Series series, DoubleUnaryOperator x, DoubleUnaryOperator y,
            boolean steps) {
        if (series.points().isEmpty()) {
            return;
        }
        var path = new Path2D.Double();
        double[] first = series.points().getFirst();
        path.moveTo(x.applyAsDouble(first[0]), y.applyAsDouble(first[1]));
        double previousY = first[1];
        for (double[] point : series.points()) {
            if (!steps) {
                // A drain curve stays at its last count until the next observation.
                path.lineTo(x.applyAsDouble(point[0]), y.applyAsDouble(previousY));
            }
            path.lineTo(x.applyAsDouble(point[0]), y.applyAsDouble(point[1]));
            previousY = point[1];
        }
        g.setColor(series.color());
        g.setStroke(series.stroke());
        g.draw(path);
    }

    private static void legend(Graphics2D g, Panel panel, List<Series> series) {
        int top = panel.top + panel.height - 18 * series.size() - 8;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int width = series.stream().mapToInt(s -> g.getFontMetrics().stringWidth(s.label())).max().orElse(0) + 50;
        int left = panel.left + panel.width - width - 10;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(left, top - 4, width, 18 * series.size() + 6);
        for (int i = 0; i < series.size(); i++) {
            Series one = series.get(i);
            int lineY = top + 18 * i + 6;
            g.setColor(one.color());
            if (one.stroke() == null) {
                g.fillOval(left + 15, lineY - 5, 10, 10);
            } else {
                g.setStroke(one.stroke());
                g.drawLine(left + 6, lineY, left + 34, lineY);
            }
            g.setColor(Color.BLACK);
            g.drawString(one.label(), left + 40, lineY + 4);
        }
    }

    private static String label(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(Math.round(value * 10) / 10.0);
    }
}
