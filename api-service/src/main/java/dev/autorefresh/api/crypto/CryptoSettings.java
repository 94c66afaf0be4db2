package dev.autorefresh.api.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the keys that encrypt stored secrets come from (see {@link EncryptionKeys} for the format).
 *
 * @param keys                 {@code id:base64key,...}, the first one active (env AUTOREFRESH_ENCRYPTION_KEYS)
 * @param keysFile             a file holding the same list, one key per line allowed (env AUTOREFRESH_ENCRYPTION_KEYS_FILE)
 * @param allowDevKey          use the built-in, public development key when no key is configured (env
 *                             AUTOREFRESH_CRYPTO_ALLOW_DEV_KEY); nothing else enables it, no profile either
 * @param reencryptOnStartup   re-encrypt every stored secret that is not under the active key at startup
 */
@ConfigurationProperties("autorefresh.api.crypto")
public record CryptoSettings(
        String keys,
        String keysFile,
        @DefaultValue("false") boolean allowDevKey,
        @DefaultValue("false") boolean reencryptOnStartup) {

    boolean hasKeys() {
        return keys != null && !keys.isBlank();
    }

    boolean hasKeysFile() {
        return keysFile != null && !keysFile.isBlank();
    }

    @Override
    public String toString() {
        return "CryptoSettings[keys=" + (hasKeys() ? "[redacted]" : "<unset>") + ", keysFile=" + keysFile
                + ", allowDevKey=" + allowDevKey + ", reencryptOnStartup=" + reencryptOnStartup + "]";
    }
}
