package dev.autorefresh.api.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh random keys for one test; never the fixed test key of application.properties. */
final class TestKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    static String key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static SecretCipher cipher(String spec) {
        return new SecretCipher(EncryptionKeys.parse(spec, "test keys"));
    }
}
