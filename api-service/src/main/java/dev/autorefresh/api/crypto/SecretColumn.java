package dev.autorefresh.api.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a secret column encrypted. Reading a row does not decrypt: the entity gets a {@link Secret} that decrypts
 * when revealed, so listings and refresh results never pay for (or expose) plain secrets. A loaded secret that was
 * not replaced is written back exactly as stored.
 */
@Converter
public class SecretColumn implements AttributeConverter<Secret, String> {

    private final SecretCipher cipher;

    // Created by Hibernate through Spring's bean container, which supplies the cipher.
    public SecretColumn(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(Secret secret) {
        return secret == null ? null : secret.toColumn(cipher);
    }

    @Override
    public Secret convertToEntityAttribute(String stored) {
        return Secret.stored(stored, cipher);
    }
}
