package dev.autorefresh.api.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets for storage: AES-256-GCM, a random 96-bit nonce per value, stored as
 * {@code enc:v1:<keyId>:<base64(nonce || ciphertext || tag)>}. The {@code enc:v1:<keyId>} header is the
 * associated data, so a value cannot be passed off as encrypted under another key. A value without the
 * {@code enc:} prefix was stored before encryption existed and is read as it is, until re-encryption.
 */
public final class SecretCipher {

    static final String PREFIX = "enc:";
    private static final String VERSION = "v1";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final EncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();

    SecretCipher(EncryptionKeys keys) {
        this.keys = keys;
    }

    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        String header = PREFIX + VERSION + ":" + keys.activeId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.active(), nonce, header);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return header + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a secret with key '" + keys.activeId() + "'", e);
        }
    }

    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        String[] parts = stored.split(":", 4);
        if (parts.length != 4 || !VERSION.equals(parts[1])) {
            throw new UndecryptableSecret("a stored secret has an unknown format (expected enc:v1:<keyId>:<data>)");
        }
        String keyId = parts[2];
        SecretKey key = keys.byId(keyId);
        if (key == null) {
            throw new UndecryptableSecret("a stored secret is encrypted with key '" + keyId
                    + "', which is not configured (configured: " + keys.all().keySet()
                    + "); add it to AUTOREFRESH_ENCRYPTION_KEYS until the re-encrypt command has run");
        }
        try {
            byte[] data = Base64.getDecoder().decode(parts[3]);
            if (data.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new UndecryptableSecret("a stored secret under key '" + keyId + "' is truncated");
            }
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES),
                    PREFIX + VERSION + ":" + keyId);
            byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UndecryptableSecret("a stored secret does not authenticate under key '" + keyId
                    + "': wrong key material for that id, or the value was altered");
        } catch (IllegalArgumentException e) {
            throw new UndecryptableSecret("a stored secret under key '" + keyId + "' is not valid base64");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not decrypt a secret with key '" + keyId + "'", e);
        }
    }

    /** Whether a stored value is already encrypted with the active key (null counts as nothing to do). */
    public boolean isCurrent(String stored) {
        return stored == null || keyIdOf(stored).equals(keys.activeId());
    }

    /** The id of the key a stored value is encrypted with; "" for legacy plaintext. */
    static String keyIdOf(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return "";
        }
        String[] parts = stored.split(":", 4);
        return parts.length == 4 ? parts[2] : "";
    }

    String activeKeyId() {
        return keys.activeId();
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String header) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(header.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A stored secret that cannot be read with the configured keys. The message never holds the value. */
    public static final class UndecryptableSecret extends RuntimeException {
        UndecryptableSecret(String message) {
            super(message);
        }
    }
}
