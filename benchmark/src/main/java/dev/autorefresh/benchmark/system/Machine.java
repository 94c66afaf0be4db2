package dev.autorefresh.benchmark.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

/** The machine the run happens on, and how busy it is: everything shares its cores. */
public final class Machine {

    private Machine() {
    }

    public record Description(int cores, double memoryGiB, String cpuModel, String os, String kernel, String java) {
    }

    /** Total and idle CPU time of the whole machine so far, in seconds (all cores). */
    public record CpuTime(double busy, double total) {

        public double utilisationSince(CpuTime earlier) {
            double elapsed = total - earlier.total;
            return elapsed <= 0 ? 0 : (busy - earlier.busy) / elapsed;
        }
    }

    public static Description describe() {
        return new Description(Runtime.getRuntime().availableProcessors(), memoryGiB(), cpuModel(), osName(),
                System.getProperty("os.version"), System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    /** The 1-, 5- and 15-minute load averages. */
    public static double[] loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2])};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    public static CpuTime cpuTime() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String cpu = lines.filter(line -> line.startsWith("cpu ")).findFirst().orElseThrow();
            long[] ticks = Arrays.stream(cpu.substring(4).strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
            long total = Arrays.stream(ticks, 0, Math.min(ticks.length, 8)).sum();
            long idle = ticks[3] + ticks[4];
            return new CpuTime((total - idle) / ProcessProbe.TICKS_PER_SECOND, total / ProcessProbe.TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new CpuTime(0, 0);
        }
    }

    private static double memoryGiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0)
                    .map(gib -> Math.round(gib * 10) / 10.0)
                    .findFirst().orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String osName() {
        try (Stream<String> lines = Files.lines(Path.of("/etc/os-release"))) {
            return lines.filter(line -> line.startsWith("PRETTY_NAME="))
                    .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                    .findFirst().orElse(System.getProperty("os.name"));
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }
}
