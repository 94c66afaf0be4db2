package dev.autorefresh.api.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys secrets are encrypted with, by id. The first is active: everything new is encrypted with it;
 * the others only decrypt values written before a rotation. Error messages name key ids, never key material.
 *
 * <p>Format: {@code id:base64,id:base64,...} (commas or line breaks between entries; {@code #} starts a comment
 * line in a file). An id is 1-32 letters, digits, '_' or '-'; a key is 32 random bytes, base64
 * ({@code openssl rand -base64 32}).
 */
public final class EncryptionKeys {

    static final String DEV_KEY_ID = "dev";
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");
    private static final int KEY_BYTES = 32;
    // Public on purpose: the development key protects nothing, it only lets a laptop run without setup.
    private static final String DEV_KEY_SEED = "auto-refresh DEVELOPMENT key - public, protects nothing";

    private final SequencedMap<String, SecretKey> keys;

    private EncryptionKeys(SequencedMap<String, SecretKey> keys) {
        this.keys = Collections.unmodifiableSequencedMap(keys);
    }

    /** @param source where the text came from, for error messages (a property or a file name) */
    static EncryptionKeys parse(String text, String source) {
        var keys = new LinkedHashMap<String, SecretKey>();
        int position = 0;
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String entry : line.split(",")) {
                String trimmed = entry.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                position++;
                int colon = trimmed.indexOf(':');
                String id = colon < 0 ? "" : trimmed.substring(0, colon);
                if (!ID.matcher(id).matches()) {
                    throw new IllegalArgumentException(source + ": entry " + position
                            + " must be <id>:<base64 key> with an id of 1-32 letters, digits, '_' or '-'");
                }
                if (keys.containsKey(id)) {
                    throw new IllegalArgumentException(source + ": key id '" + id + "' appears twice");
                }
                keys.put(id, aesKey(id, trimmed.substring(colon + 1), source));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no key");
        }
        return new EncryptionKeys(keys);
    }

    /** A fixed key derived from a public string: for development only, never for real secrets. */
    static EncryptionKeys development() {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(DEV_KEY_SEED.getBytes(StandardCharsets.UTF_8));
            var keys = new LinkedHashMap<String, SecretKey>();
            keys.put(DEV_KEY_ID, new SecretKeySpec(key, "AES"));
            return new EncryptionKeys(keys);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    String activeId() {
        return keys.firstEntry().getKey();
    }

    SecretKey active() {
        return keys.firstEntry().getValue();
    }

    /** The key with this id, or null when it is not configured. */
    SecretKey byId(String id) {
        return keys.get(id);
    }

    Map<String, SecretKey> all() {
        return keys;
    }

    @Override
    public String toString() {
        return "EncryptionKeys" + keys.keySet() + " (active " + activeId() + ")";
    }

    private static SecretKey aesKey(String id, String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": key '" + id + "' is not valid base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException(source + ": key '" + id + "' must be " + KEY_BYTES
                    + " bytes (AES-256), was " + bytes.length + "; generate one with: openssl rand -base64 32");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
