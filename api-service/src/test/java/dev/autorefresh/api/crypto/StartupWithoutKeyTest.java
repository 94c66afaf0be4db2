package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autorefresh.api.ApiServiceApplication;
import dev.autorefresh.testsupport.PostgresServer;
import dev.autorefresh.testsupport.RabbitServer;
import dev.autorefresh.testsupport.TestInfrastructure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service, started as production starts it, with no key configured. */
@ExtendWith(OutputCaptureExtension.class)
class StartupWithoutKeyTest {

    @Test
    void refusesToStartWithoutTheExplicitFlagEvenInTheDevProfile(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.profiles.active=dev")).rootCause().isInstanceOf(InvalidEncryptionKeys.class)
                .hasMessageStartingWith("No encryption key configured");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("AUTOREFRESH_ENCRYPTION_KEYS=\"k1:$(openssl rand -base64 32)\"");
    }

    @Test
    void startsWithTheDevelopmentKeyOnlyWhenExplicitlyAllowed(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--autorefresh.api.crypto.allow-dev-key=true")) {
            assertThat(context.getBean(SecretCipher.class).encrypt("x")).startsWith("enc:v1:dev:");
        }
        assertThat(output.getOut()).contains("Using the built-in DEVELOPMENT encryption key 'dev'");
    }

    private static ConfigurableApplicationContext start(String... extra) {
        PostgresServer postgres = TestInfrastructure.postgres();
        RabbitServer rabbit = TestInfrastructure.rabbit();
        List<String> args = new ArrayList<>(List.of(
                // Blank overrides the test key of application.properties: as if nothing were configured.
                "--autorefresh.api.crypto.keys=",
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.rabbitmq.host=" + rabbit.host(),
                "--spring.rabbitmq.port=" + rabbit.port(),
                "--spring.rabbitmq.listener.simple.auto-startup=false"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ApiServiceApplication.class).web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }
}
