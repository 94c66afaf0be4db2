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

/**
 * The one Dockerfile every image of ours builds from (deploy/docker/Dockerfile): multi-stage with the Maven wrapper,
 * Java 25, non-root, layered, with a healthcheck; the module it builds, its jar, port and health path are build args.
 */
class DockerfileTest {

    static final String DOCKERFILE = "deploy/docker/Dockerfile";
    static final List<String> MODULES = List.of("api-service", "scheduler-service", "refresh-worker", "stub-upstream");

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");
    private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+([A-Z_]+)");

    private final String dockerfile = Repository.read(DOCKERFILE);

    @ParameterizedTest
    @ValueSource(strings = {"api-service", "scheduler-service", "refresh-worker", "stub-upstream"})
    void noModuleKeepsADockerfileOfItsOwn(String module) {
        // One recipe: a near-copy per module is how they drift apart.
        assertThat(Repository.path(module + "/Dockerfile")).doesNotExist();
    }

    @Test
    void declaresEveryBuildArgComposePassesAndRequiresTheModule() {
        List<String> declared = ARG.matcher(dockerfile).results().map(match -> match.group(1)).toList();
        ComposeFile compose = ComposeFile.load();
        for (String module : MODULES) {
            Map<String, Object> args = map(map(compose.service(module).get("build")).get("args"));
            assertThat(declared).as("ARGs of %s for the build of %s", DOCKERFILE, module).containsAll(args.keySet());
        }
        // Without a default: a build that names no module stops with a message instead of building something.
        assertThat(dockerfile).containsPattern("(?m)^ARG MODULE$")
                .contains("test -n \"$MODULE\" || { echo \"the build arg MODULE is required");
    }

    @Test
    void buildsWithTheMavenWrapperOnJava25AndRunsOnTheJre() {
        List<String> images = FROM.matcher(dockerfile).results().map(match -> match.group(1)).toList();
        assertThat(images).as("FROM lines").hasSizeGreaterThanOrEqualTo(2);
        assertThat(images.getFirst()).startsWith("eclipse-temurin:25-jdk");
        assertThat(images.getLast()).startsWith("eclipse-temurin:25-jre");
        assertThat(dockerfile).contains("./mvnw -B", "-pl \"$MODULE\" -am", "cp \"$MODULE/target/${JAR:-");
        // The Maven repository is a build cache, never an image layer.
        assertThat(dockerfile).contains("RUN --mount=type=cache,target=/root/.m2");
    }

    @Test
    void runsAsAnUnprivilegedUserWithAHealthcheck() {
        List<String> users = USER.matcher(dockerfile).results().map(match -> match.group(1)).toList();
        assertThat(users).as("USER").isNotEmpty();
        assertThat(users.getLast()).isNotIn("root", "0", "0:0");
        assertThat(dockerfile.indexOf("USER ")).as("USER in the runtime stage")
                .isGreaterThan(dockerfile.lastIndexOf("FROM "));
        assertThat(dockerfile).contains("--uid 10001", "--shell /usr/sbin/nologin");
        assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK .*CMD \\[\"healthcheck\"]");
        assertThat(dockerfile).contains("COPY deploy/docker/healthcheck /usr/local/bin/healthcheck");
        // HEALTHCHECK takes no build args: the path and the port reach the script through the environment.
        assertThat(dockerfile).contains("ENV PORT=${PORT}", "HEALTHCHECK_PATH=${HEALTHCHECK_PATH}", "EXPOSE ${PORT}");
    }

    @Test
    void springBootJarsShipAsLayersAndEveryServiceStartsTheSameWay() {
        assertThat(dockerfile).contains("-Djarmode=tools", "extract --layers");
        // Least-changing layer first, so a code change rebuilds only the last one.
        assertThat(dockerfile).containsSubsequence(
                "COPY --from=build /extracted/dependencies/", "COPY --from=build /extracted/spring-boot-loader/",
                "COPY --from=build /extracted/snapshot-dependencies/", "COPY --from=build /extracted/application/");
        // The stub's plain jar goes into the application layer under the same name.
        assertThat(dockerfile).contains("cp /application.jar /extracted/application/application.jar");
        assertThat(dockerfile).containsPattern(
                "(?m)^ENTRYPOINT \\[\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"application.jar\"]$");
    }

    @Test
    void theHealthcheckNeedsNeitherCurlNorWgetAndTakesItsPathFromTheImage() {
        // The Temurin 25 runtime images ship neither; the script talks HTTP through bash's /dev/tcp.
        assertThat(Files.isExecutable(Repository.path("deploy/docker/healthcheck"))).isTrue();
        String script = Repository.read("deploy/docker/healthcheck");
        assertThat(script).startsWith("#!/bin/bash").contains("/dev/tcp/127.0.0.1/", "${PORT:-8080}")
                .contains("path=\"${1:-${HEALTHCHECK_PATH:-/actuator/health}}\"");
        assertThat(script.lines().filter(line -> !line.startsWith("#")))
                .noneMatch(line -> line.contains("curl") || line.contains("wget"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalStateAndSecrets() {
        assertThat(Repository.read(".dockerignore").lines().map(String::strip))
                .contains(".git", "**/target/", ".local-stack/", ".env");
    }
}
