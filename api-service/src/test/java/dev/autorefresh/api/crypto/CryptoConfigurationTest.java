package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Which key the service encrypts with, and that it refuses to start without one outside development. */
@ExtendWith(OutputCaptureExtension.class)
class CryptoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(CryptoConfiguration.class);

    @Test
    void refusesToStartWithoutAKeyAndSaysHowToSetOne() {
        context.run(started -> {
            assertThat(started).hasFailed();
            Throwable failure = rootCause(started.getStartupFailure());
            assertThat(failure).isInstanceOf(InvalidEncryptionKeys.class)
                    .hasMessageContaining("No encryption key configured")
                    .hasMessageContaining("AUTOREFRESH_ENCRYPTION_KEYS")
                    .hasMessageContaining("openssl rand -base64 32");
            FailureAnalysis analysis = new CryptoFailureAnalyzer().analyze(started.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("No encryption key configured");
            assertThat(analysis.getAction()).contains("AUTOREFRESH_ENCRYPTION_KEYS_FILE");
        });
    }

    @Test
    void usesTheConfiguredKeysTheFirstOneActive() {
        String k2 = TestKeys.key();
        context.withPropertyValues("autorefresh.api.crypto.keys=k2:" + k2 + ",k1:" + TestKeys.key())
                .run(started -> {
                    SecretCipher cipher = started.getBean(SecretCipher.class);
                    assertThat(cipher.encrypt("x")).startsWith("enc:v1:k2:");
                    assertThat(TestKeys.cipher("k2:" + k2).decrypt(cipher.encrypt("x"))).isEqualTo("x");
                });
    }

    @Test
    void readsTheKeysFromAFile(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("keys"), "# active first\nk9:" + TestKeys.key() + "\n");

        context.withPropertyValues("autorefresh.api.crypto.keys-file=" + file)
                .run(started -> assertThat(started.getBean(SecretCipher.class).encrypt("x")).startsWith("enc:v1:k9:"));
    }

    @Test
    void refusesUnusableKeyConfigurations(@TempDir Path directory) {
        String key = "k1:" + TestKeys.key();
        assertRefused(context.withPropertyValues("autorefresh.api.crypto.keys=k1:c2hvcnQ="), "must be 32 bytes");
        assertRefused(context.withPropertyValues("autorefresh.api.crypto.keys=" + key,
                "autorefresh.api.crypto.keys-file=" + directory.resolve("keys")), "not both");
        assertRefused(context.withPropertyValues("autorefresh.api.crypto.keys-file=" + directory.resolve("missing")),
                "cannot read AUTOREFRESH_ENCRYPTION_KEYS_FILE");
    }

    @Test
    void onlyTheExplicitFlagUsesTheDevelopmentKeyAndItWarnsLoudly(CapturedOutput output) {
        context.withPropertyValues("autorefresh.api.crypto.allow-dev-key=true")
                .run(started -> assertThat(started.getBean(SecretCipher.class).encrypt("x")).startsWith("enc:v1:dev:"));

        assertThat(output.getOut()).contains("WARN").contains("Using the built-in DEVELOPMENT encryption key 'dev'")
                .contains("NOT protected");
    }

    @Test
    void theDevProfileAloneDoesNotEnableTheDevelopmentKey() {
        assertRefused(context.withInitializer(started -> started.getEnvironment().setActiveProfiles("dev")),
                "AUTOREFRESH_CRYPTO_ALLOW_DEV_KEY=true");
    }

    @Test
    void aConfiguredKeyWinsOverTheFlag() {
        context.withPropertyValues("autorefresh.api.crypto.allow-dev-key=true",
                        "autorefresh.api.crypto.keys=prod:" + TestKeys.key())
                .run(started -> assertThat(started.getBean(SecretCipher.class).encrypt("x")).startsWith("enc:v1:prod:"));
    }

    private static void assertRefused(ApplicationContextRunner runner, String problem) {
        runner.run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootCause(started.getStartupFailure())).isInstanceOf(InvalidEncryptionKeys.class)
                    .hasMessageContaining(problem);
        });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
