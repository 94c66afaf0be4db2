package dev.autorefresh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shell script of the repository passes shellcheck: the scripts under scripts/ and .ci/, the ones the
 * containers run from deploy/, and the Maven wrapper. A warning that is intended is disabled in the script, on the
 * line before, with its reason. shellcheck comes with Debian's shellcheck package (scripts/test installs it); without
 * it this test fails, it never skips, so the scripts cannot go unchecked.
 */
class ShellScriptsTest {

    /** A script: a *.sh file, or a file without an extension that starts with a sh or bash shebang. */
    private static final Pattern SHEBANG = Pattern.compile("^#!\\s*(/usr/bin/env\\s+)?(/bin/|/usr/bin/)?(ba)?sh\\b.*");

    /** Build output and tool directories, wherever they are: nothing in them is ours to check. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".idea", ".vscode");

    /** The local stack's and the benchmarks' state (.gitignore), at the root only. */
    private static final Set<String> SKIPPED_AT_ROOT = Set.of(".local-stack", "run");

    @Test
    void findsTheScriptsOfEveryPlace() {
        // Discovery that found nothing would pass every script vacuously.
        assertThat(scripts()).map(Repository.ROOT::relativize).map(Path::toString).contains(
                ".ci/run", "scripts/test", "scripts/local", "scripts/compose", "scripts/lib/common.sh",
                "deploy/docker/healthcheck", "deploy/rabbitmq/provision.sh", "deploy/rabbitmq/start.sh",
                "deploy/postgres/init/10-autorefresh.sh", "mvnw");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relativeScripts")
    void passesShellcheck(String script) {
        Path shellcheck = CommandLineTool.require("shellcheck",
                "it comes with Debian's shellcheck package (apt-get install shellcheck; scripts/test installs it)");
        // From the root with --external-sources: the `# shellcheck source=scripts/lib/common.sh` directives are
        // relative to it, and the functions a script sources are checked with it.
        CommandLineTool.Result result = CommandLineTool.run(
                List.of(shellcheck.toString(), "--external-sources", "--format=gcc", script), Duration.ofSeconds(120));
        assertThat(result.output()).as("shellcheck findings in %s (fix them, or disable one that is intended "
                + "on the line before, with the reason)", script).isEmpty();
        assertThat(result.exitCode()).as("shellcheck's exit code for %s", script).isZero();
    }

    static Stream<String> relativeScripts() {
        return scripts().stream().map(Repository.ROOT::relativize).map(Path::toString).sorted();
    }

    private static List<Path> scripts() {
        var found = new ArrayList<Path>();
        try {
            Files.walkFileTree(Repository.ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(Repository.ROOT)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    boolean skipped = SKIPPED_DIRECTORIES.contains(name)
                            || SKIPPED_AT_ROOT.contains(name) && dir.getParent().equals(Repository.ROOT);
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && isShellScript(file)) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static boolean isShellScript(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".sh")) {
            return true;
        }
        if (name.contains(".")) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first != null && SHEBANG.matcher(first).matches();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
