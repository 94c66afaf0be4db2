package dev.autorefresh.deploy;

import static dev.autorefresh.deploy.ComposeFile.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every image compose builds: multi-stage with the Maven wrapper, Java 25, non-root, layered, with a healthcheck. */
class DockerfileTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void composeBuildsEveryImageOfOursFromTheRepositoryRoot() {
        for (String service : List.of("api-service", "scheduler-service", "refresh-worker", "stub-upstream")) {
            Map<String, Object> build = map(compose.service(service).get("build"));
            assertThat(build).as("build of %s", service)
                    .containsEntry("context", ".")
                    .containsEntry("dockerfile", service + "/Dockerfile");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "scheduler-service", "refresh-worker", "stub-upstream"})
    void buildsWithTheMavenWrapperOnJava25AndRunsOnTheJre(String module) {
        String dockerfile = dockerfile(module);
        List<String> images = FROM.matcher(dockerfile).results().map(match -> match.group(1)).toList();
        assertThat(images).as("FROM lines of %s", module).hasSizeGreaterThanOrEqualTo(2);
        assertThat(images.getFirst()).startsWith("eclipse-temurin:25-jdk");
        assertThat(images.getLast()).startsWith("eclipse-temurin:25-jre");
        assertThat(dockerfile).contains("./mvnw -B", "-pl " + module + " -am");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "scheduler-service", "refresh-worker", "stub-upstream"})
    void runsAsAnUnprivilegedUserWithAHealthcheck(String module) {
        String dockerfile = dockerfile(module);
        List<String> users = USER.matcher(dockerfile).results().map(match -> match.group(1)).toList();
        assertThat(users).as("USER of %s", module).isNotEmpty();
        assertThat(users.getLast()).isNotIn("root", "0", "0:0");
        assertThat(dockerfile.indexOf("USER ")).as("USER in the runtime stage")
                .isGreaterThan(dockerfile.lastIndexOf("FROM "));
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"healthcheck\", \"/");
        assertThat(dockerfile).contains("COPY deploy/docker/healthcheck /usr/local/bin/healthcheck");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "scheduler-service", "refresh-worker"})
    void springBootServicesShipTheirJarAsLayers(String module) {
        String dockerfile = dockerfile(module);
        assertThat(dockerfile).contains("-Djarmode=tools", "extract --layers");
        // Least-changing layer first, so a code change rebuilds only the last one.
        assertThat(dockerfile).containsSubsequence(
                "/extracted/dependencies/", "/extracted/spring-boot-loader/",
                "/extracted/snapshot-dependencies/", "/extracted/application/");
    }

    @Test
    void theHealthcheckNeedsNeitherCurlNorWget() {
        // The Temurin 25 runtime images ship neither; the script talks HTTP through bash's /dev/tcp.
        assertThat(Files.isExecutable(Repository.path("deploy/docker/healthcheck"))).isTrue();
        String script = Repository.read("deploy/docker/healthcheck");
        assertThat(script).startsWith("#!/bin/bash").contains("/dev/tcp/127.0.0.1/");
        assertThat(script.lines().filter(line -> !line.startsWith("#")))
                .noneMatch(line -> line.contains("curl") || line.contains("wget"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalStateAndSecrets() {
        assertThat(Repository.read(".dockerignore").lines().map(String::strip))
                .contains(".git", "**/target/", ".local-stack/", ".env");
    }

    private static String dockerfile(String module) {
        return Repository.read(module + "/Dockerfile");
    }
}
