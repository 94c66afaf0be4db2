package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The logging environment variables as a service's application.yml maps them: LOG_LEVEL (root level), LOG_FILE (a
 * file, or none when empty) and LOG_FORMAT (plain text, or JSON). The output itself is Spring Boot's; this checks
 * the mapping. Every service has the same variables, so each one's test extends this with nothing to add.
 */
public abstract class LoggingSettingsCheck {

    @Test
    public void logLevelSetsTheRootLevelAndDefaultsToInfo() throws IOException {
        assertThat(resolve(Map.of("LOG_LEVEL", "DEBUG"), "logging.level.root")).isEqualTo("DEBUG");
        assertThat(resolve(Map.of(), "logging.level.root")).isEqualTo("INFO");
    }

    @Test
    public void logFileWritesToTheNamedFileAndEmptyMeansNone() throws IOException {
        assertThat(resolve(Map.of("LOG_FILE", "/var/log/auto-refresh.log"), "logging.file.name"))
                .isEqualTo("/var/log/auto-refresh.log");
        assertThat(resolve(Map.of(), "logging.file.name")).isEmpty();
        assertThat(resolve(Map.of("LOG_FILE", ""), "logging.file.name")).isEmpty();
    }

    @Test
    public void logFormatJsonMeansEcsJsonOnTheConsoleAndInTheFile() throws IOException {
        assertThat(resolve(Map.of("LOG_FORMAT", "json"), "logging.structured.format.console")).isEqualTo("ecs");
        assertThat(resolve(Map.of("LOG_FORMAT", "json"), "logging.structured.format.file")).isEqualTo("ecs");
        assertThat(resolve(Map.of("LOG_FORMAT", "logstash"), "logging.structured.format.console"))
                .isEqualTo("logstash");
    }

    @Test
    public void plainTextUnlessAskedOtherwise() throws IOException {
        assertThat(resolve(Map.of(), "logging.structured.format.console")).isEmpty();
        assertThat(resolve(Map.of("LOG_FORMAT", ""), "logging.structured.format.console")).isEmpty();
        assertThat(resolve(Map.of("LOG_FORMAT", "plain"), "logging.structured.format.file")).isEmpty();
    }

    private String resolve(Map<String, Object> variables, String property) throws IOException {
        var environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        // As the service loads them: its application.yml and the shared file it imports.
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        return environment.getProperty(property);
    }
}
