package dev.autorefresh.api.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the encryption keys once, at startup, and refuses to start without a real key outside development. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoSettings.class)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

    @Bean
    SecretCipher secretCipher(CryptoSettings settings) {
        EncryptionKeys keys = keys(settings);
        log.info("Stored secrets are encrypted with key '{}' (keys configured: {})", keys.activeId(),
                keys.all().keySet());
        return new SecretCipher(keys);
    }

    static EncryptionKeys keys(CryptoSettings settings) {
        if (settings.hasKeys() && settings.hasKeysFile()) {
            throw InvalidEncryptionKeys.unusable("set AUTOREFRESH_ENCRYPTION_KEYS or AUTOREFRESH_ENCRYPTION_KEYS_FILE, "
                    + "not both");
        }
        try {
            if (settings.hasKeys()) {
                return EncryptionKeys.parse(settings.keys(), "AUTOREFRESH_ENCRYPTION_KEYS");
            }
            if (settings.hasKeysFile()) {
                Path file = Path.of(settings.keysFile().strip());
                return EncryptionKeys.parse(read(file), "AUTOREFRESH_ENCRYPTION_KEYS_FILE " + file);
            }
        } catch (IllegalArgumentException e) {
            throw InvalidEncryptionKeys.unusable(e.getMessage());
        }
        // Only the explicit flag: a profile named "dev" can be switched on by accident (SPRING_PROFILES_ACTIVE, a
        // copied command line), and the development key is public.
        if (settings.allowDevKey()) {
            log.warn("Using the built-in DEVELOPMENT encryption key '{}': it is public, so stored tokens and API keys "
                    + "are NOT protected. Set AUTOREFRESH_ENCRYPTION_KEYS for anything but local development.",
                    EncryptionKeys.DEV_KEY_ID);
            return EncryptionKeys.development();
        }
        throw InvalidEncryptionKeys.missing();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw InvalidEncryptionKeys.unusable("cannot read AUTOREFRESH_ENCRYPTION_KEYS_FILE " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
