package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String SECRET = "sk-ant-oat01-very-secret-token";

    private final String k1 = TestKeys.key();
    private final String k2 = TestKeys.key();
    private final SecretCipher cipher = TestKeys.cipher("k1:" + k1);

    @Test
    void encryptsWithTheActiveKeyAndReadsItBack() {
        String stored = cipher.encrypt(SECRET);

        assertThat(stored).startsWith("enc:v1:k1:").doesNotContain(SECRET);
        byte[] data = Base64.getDecoder().decode(stored.substring("enc:v1:k1:".length()));
        assertThat(data).hasSize(12 + SECRET.length() + 16); // nonce, ciphertext, tag
        assertThat(cipher.decrypt(stored)).isEqualTo(SECRET);
        assertThat(cipher.isCurrent(stored)).isTrue();
    }

    @Test
    void usesAFreshNonceForEveryValue() {
        assertThat(cipher.encrypt(SECRET)).isNotEqualTo(cipher.encrypt(SECRET));
    }

    @Test
    void readsValuesOfAnOlderKeyButCountsThemAsStale() {
        String underK1 = cipher.encrypt(SECRET);
        SecretCipher rotated = TestKeys.cipher("k2:" + k2 + ",k1:" + k1);

        assertThat(rotated.decrypt(underK1)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(underK1)).isFalse();
        assertThat(rotated.encrypt(SECRET)).startsWith("enc:v1:k2:");
    }

    @Test
    void readsPlaintextStoredBeforeEncryptionAsItIsAndCountsItAsStale() {
        assertThat(cipher.decrypt(SECRET)).isEqualTo(SECRET);
        assertThat(cipher.isCurrent(SECRET)).isFalse();
        assertThat(SecretCipher.keyIdOf(SECRET)).isEmpty();
        assertThat(cipher.decrypt(null)).isNull();
        assertThat(cipher.encrypt(null)).isNull();
        assertThat(cipher.isCurrent(null)).isTrue();
    }

    @Test
    void refusesAValueUnderAKeyThatIsNotConfiguredWithoutQuotingIt() {
        String underK2 = TestKeys.cipher("k2:" + k2).encrypt(SECRET);

        assertThatThrownBy(() -> cipher.decrypt(underK2))
                .isInstanceOf(SecretCipher.UndecryptableSecret.class)
                .hasMessageContaining("key 'k2', which is not configured")
                .hasMessageNotContaining(underK2.substring(12));
    }

    @Test
    void refusesAnAlteredValueOrTheWrongKeyMaterialForAnId() {
        String stored = cipher.encrypt(SECRET);
        byte[] data = Base64.getDecoder().decode(stored.substring(10));
        data[20] ^= 1;
        String altered = "enc:v1:k1:" + Base64.getEncoder().encodeToString(data);

        assertThatThrownBy(() -> cipher.decrypt(altered)).isInstanceOf(SecretCipher.UndecryptableSecret.class)
                .hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> TestKeys.cipher("k1:" + k2).decrypt(stored))
                .isInstanceOf(SecretCipher.UndecryptableSecret.class);
    }

    @Test
    void bindsTheKeyIdToTheCiphertext() {
        // Same key material under two ids: relabelling a value must still fail, the header is authenticated.
        SecretCipher twoIds = TestKeys.cipher("a:" + k1 + ",b:" + k1);
        String stored = twoIds.encrypt(SECRET);

        assertThatThrownBy(() -> twoIds.decrypt(stored.replace("enc:v1:a:", "enc:v1:b:")))
                .isInstanceOf(SecretCipher.UndecryptableSecret.class);
    }

    @Test
    void refusesMalformedEncryptedValues() {
        for (String bad : new String[] {"enc:v2:k1:AAAA", "enc:v1:k1", "enc:v1:k1:not*base64", "enc:v1:k1:AAAA"}) {
            assertThatThrownBy(() -> cipher.decrypt(bad)).as(bad).isInstanceOf(SecretCipher.UndecryptableSecret.class);
        }
    }
}
