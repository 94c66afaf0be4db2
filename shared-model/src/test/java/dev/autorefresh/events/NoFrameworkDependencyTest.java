package dev.autorefresh.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** shared-model is the contract between services; it must not drag a framework into them. */
class NoFrameworkDependencyTest {

    private static final List<String> FORBIDDEN = List.of(
            "org/springframework/", "jakarta/persistence/", "org/hibernate/", "com/fasterxml/jackson/databind",
            "tools/jackson/databind");

    @Test
    void compiledContractsReferenceNoFrameworkClass() throws IOException, URISyntaxException {
        Path classes = Path.of(RefreshDue.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }

        assertThat(classFiles).hasSizeGreaterThanOrEqualTo(5);
        for (Path classFile : classFiles) {
            // The constant pool holds every class a class file refers to, as UTF-8 internal names.
            String constants = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            assertThat(FORBIDDEN).as("references in %s", classFile.getFileName())
                    .noneMatch(constants::contains);
        }
    }

    @Test
    void springAndJpaAreNotOnTheModulesClasspath() {
        assertThat(loadable("org.springframework.context.ApplicationContext")).isFalse();
        assertThat(loadable("jakarta.persistence.Entity")).isFalse();
        assertThat(loadable("org.hibernate.Session")).isFalse();
    }

    @Test
    void theModulePomDeclaresNoCompileDependency() throws IOException {
        try (InputStream pom = Files.newInputStream(Path.of("pom.xml"))) {
            String text = new String(pom.readAllBytes(), StandardCharsets.UTF_8);
            long dependencies = text.split("<dependency>", -1).length - 1;
            long testScoped = text.split("<scope>test</scope>", -1).length - 1;
            assertThat(testScoped).as("every dependency of shared-model is test-scoped").isEqualTo(dependencies);
        }
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, NoFrameworkDependencyTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
