package dev.autorefresh.benchmark.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads what the kernel knows about a process (Linux {@code /proc}): CPU time and peak resident memory. A process
 * that has exited reads as empty, never as zero.
 */
public final class ProcessProbe {

    /** {@code USER_HZ}: clock ticks per second in /proc/[pid]/stat; 100 on every Linux we run on. */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcessProbe() {
    }

    /** User + system CPU seconds of the process itself. */
    public static Optional<Double> cpuSeconds(long pid) {
        return stat(pid).map(fields -> (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND);
    }

    /**
     * CPU seconds of a process, of the children it has already waited for, and of every live descendant
     * (PostgreSQL forks a backend per connection).
     */
    public static Optional<Double> treeCpuSeconds(long pid) {
        Optional<Double> own = stat(pid).map(fields -> (Long.parseLong(fields[13]) + Long.parseLong(fields[14])
                + Long.parseLong(fields[15]) + Long.parseLong(fields[16])) / TICKS_PER_SECOND);
        if (own.isEmpty()) {
            return own;
        }
        double total = own.get();
        for (long child : descendants(pid)) {
            total += cpuSeconds(child).orElse(0.0);
        }
        return Optional.of(total);
    }

    /** VmHWM: the most resident memory the process ever had, in MiB. */
    public static Optional<Double> peakRssMiB(long pid) {
        return statusKiB(pid, "VmHWM:").map(kib -> kib / 1024.0);
    }

    public static Optional<Double> rssMiB(long pid) {
        return statusKiB(pid, "VmRSS:").map(kib -> kib / 1024.0);
    }

    /** The first process whose command line and environment match. */
    public static Optional<Long> find(Predicate<String> commandLine, Predicate<String> environment) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> commandLine.test(read(pid, "cmdline")) && environment.test(read(pid, "environ")))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<Long> descendants(long pid) {
        var found = new ArrayList<Long>();
        var pending = new ArrayList<>(List.of(pid));
        while (!pending.isEmpty()) {
            long parent = pending.removeLast();
            for (long child : children(parent)) {
                found.add(child);
                pending.add(child);
            }
        }
        return found;
    }

    private static List<Long> children(long pid) {
        var children = new ArrayList<Long>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String text = Files.readString(thread.resolve("children")).strip();
                if (!text.isEmpty()) {
                    for (String child : text.split("\\s+")) {
                        children.add(Long.parseLong(child));
                    }
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process or one of its threads ended while we looked.
        }
        return children;
    }

    /** The fields of /proc/[pid]/stat after the command name (which may contain spaces), 0-based as in proc(5). */
    private static Optional<String[]> stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String afterName = text.substring(text.lastIndexOf(')') + 2);
            String[] rest = afterName.split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = "comm";
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return Optional.of(fields);
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private static Optional<Long> statusKiB(long pid, String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith(key))
                    .map(line -> Long.parseLong(line.substring(key.length()).replace("kB", "").strip()))
                    .findFirst();
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private static String read(long pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), file)), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
