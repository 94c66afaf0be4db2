package dev.autorefresh.api.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class EncryptionKeysTest {

    private final String k1 = TestKeys.key();
    private final String k2 = TestKeys.key();

    @Test
    void theFirstKeyIsActiveAndTheOthersStayReadable() {
        EncryptionKeys keys = EncryptionKeys.parse(" k2:" + k2 + " , k1:" + k1 + " ", "AUTOREFRESH_ENCRYPTION_KEYS");

        assertThat(keys.activeId()).isEqualTo("k2");
        assertThat(keys.all().keySet()).containsExactly("k2", "k1");
        assertThat(keys.byId("k1").getEncoded()).isEqualTo(Base64.getDecoder().decode(k1));
        assertThat(keys.byId("k0")).isNull();
    }

    @Test
    void readsOneKeyPerLineWithCommentsAsInAFile() {
        EncryptionKeys keys = EncryptionKeys.parse("# rotated 2026-11\nk2:" + k2 + "\n\nk1:" + k1 + "\n", "file");

        assertThat(keys.all().keySet()).containsExactly("k2", "k1");
    }

    @Test
    void refusesKeysThatAreNotAes256WithoutQuotingThem() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + short16, "KEYS"))
                .hasMessageContaining("key 'k1' must be 32 bytes (AES-256), was 16")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:%%%not-base64", "KEYS"))
                .hasMessageContaining("key 'k1' is not valid base64")
                .hasMessageNotContaining("%%%not-base64");
    }

    @Test
    void refusesEntriesWithoutAnIdOrWithADuplicateId() {
        assertThatThrownBy(() -> EncryptionKeys.parse(k1, "KEYS")).hasMessageContaining("entry 1 must be <id>:<base64 key>")
                .hasMessageNotContaining(k1);
        assertThatThrownBy(() -> EncryptionKeys.parse("bad id:" + k1, "KEYS")).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> EncryptionKeys.parse("k1:" + k1 + ",k1:" + k2, "KEYS"))
                .hasMessageContaining("key id 'k1' appears twice");
        assertThatThrownBy(() -> EncryptionKeys.parse(" , \n# only a comment", "KEYS")).hasMessageContaining("holds no key");
    }

    @Test
    void theDevelopmentKeyIsFixedAndNamedDev() {
        assertThat(EncryptionKeys.development().activeId()).isEqualTo("dev");
        assertThat(EncryptionKeys.development().active().getEncoded())
                .isEqualTo(EncryptionKeys.development().active().getEncoded())
                .hasSize(32);
    }
}
