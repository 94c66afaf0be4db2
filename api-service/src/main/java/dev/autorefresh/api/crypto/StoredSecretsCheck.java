package dev.autorefresh.api.crypto;

import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At startup: re-encrypts stale secrets when configured to, otherwise says how many are stale, so a rotation that
 * was never finished (or a key removed too early) shows in the log before an account fails to load.
 */
@Component
class StoredSecretsCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(StoredSecretsCheck.class);

    private final Reencryption reencryption;
    private final SecretCipher cipher;
    private final CryptoSettings settings;

    StoredSecretsCheck(Reencryption reencryption, SecretCipher cipher, CryptoSettings settings) {
        this.reencryption = reencryption;
        this.cipher = cipher;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings.reencryptOnStartup()) {
            reencryption.run();
            return;
        }
        Map<String, Integer> stale = reencryption.census().entrySet().stream()
                .filter(entry -> !entry.getKey().equals(cipher.activeKeyId()))
                .collect(Collectors.toMap(entry -> entry.getKey().isEmpty() ? "plaintext" : entry.getKey(),
                        Map.Entry::getValue));
        if (!stale.isEmpty()) {
            log.warn("Stored secrets not under the active key '{}': {}. Run the re-encrypt command "
                    + "(java -jar api-service.jar --autorefresh.crypto.reencrypt=true) before removing an old key.",
                    cipher.activeKeyId(), stale);
        }
    }
}
