package dev.autorefresh.api.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a secret column encrypted and reads it back in plain text. Hibernate compares the plain values to decide
 * whether a row changed, so the random nonce never makes an unchanged secret look dirty; a row that is written
 * for another reason gets its secrets re-encrypted with the active key.
 */
@Converter
public class SecretColumn implements AttributeConverter<String, String> {

    private final SecretCipher cipher;

    // Created by Hibernate through Spring's bean container, which supplies the cipher.
    public SecretColumn(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public String convertToDatabaseColumn(String plaintext) {
        return cipher.encrypt(plaintext);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return cipher.decrypt(stored);
    }
}
