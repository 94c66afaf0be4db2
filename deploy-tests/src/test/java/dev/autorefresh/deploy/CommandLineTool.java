package dev.autorefresh.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tool the deployment files are checked with (promtool, shellcheck): found on the PATH or in /usr/bin, run from
 * the repository root. A missing tool fails the test with how to install it; the check is never skipped.
 */
final class CommandLineTool {

    record Result(int exitCode, String output) {
    }

    private CommandLineTool() {
    }

    static Path require(String name, String howToInstall) {
        return find(name).orElseThrow(() -> new AssertionError(name + " is not installed: " + howToInstall));
    }

    /** Runs the command and returns its exit code and its output (stdout and stderr together). */
    static Result run(List<String> command, Duration timeout) {
        try {
            // Into a file, not a pipe: a full pipe would stall the tool, and a hung one must not stall the build.
            Path output = Files.createTempFile(Path.of(command.getFirst()).getFileName() + "-", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(Repository.ROOT.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout.toSeconds()
                            + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
