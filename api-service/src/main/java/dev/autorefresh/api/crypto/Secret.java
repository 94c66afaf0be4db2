package dev.autorefresh.api.crypto;

import java.util.Objects;
import org.hibernate.annotations.Immutable;

/**
 * A secret column's value as the entity holds it: either a new plain value (encrypted when written) or the stored
 * ciphertext, decrypted only when someone asks for it. Loading an account (a listing, a refresh result) therefore
 * decrypts nothing; only issuing or refreshing a credential does. Equality is identity: an unchanged secret is the
 * very instance that was loaded, so Hibernate never sees it as dirty, and a replaced one always is.
 */
@Immutable
public final class Secret {

    private final String plaintext;
    private final String stored;
    private final SecretCipher cipher;

    private Secret(String plaintext, String stored, SecretCipher cipher) {
        this.plaintext = plaintext;
        this.stored = stored;
        this.cipher = cipher;
    }

    /** A new value, to be encrypted when the row is written. */
    public static Secret of(String plaintext) {
        return plaintext == null ? null : new Secret(plaintext, null, null);
    }

    static Secret stored(String stored, SecretCipher cipher) {
        return stored == null ? null : new Secret(null, stored, Objects.requireNonNull(cipher));
    }

    /** The plain value; decrypts a stored one (every call: nothing plain is kept in a loaded entity). */
    public String reveal() {
        return plaintext != null ? plaintext : cipher.decrypt(stored);
    }

    /** What the column holds: the stored ciphertext as loaded, or this new value encrypted now. */
    String toColumn(SecretCipher with) {
        return stored != null ? stored : with.encrypt(plaintext);
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
