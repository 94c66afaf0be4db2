package dev.autorefresh.stub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An account as the stub knows it: the SHA-256 of its credential. The raw secret is hashed at the
 * door and never kept, printed or returned.
 */
record AccountKey(String hash) {

    static AccountKey of(String credential) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
            return new AccountKey(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /** Enough to tell accounts apart in a log line, useless for recovering the secret. */
    String fingerprint() {
        return hash.substring(0, 8);
    }

    @Override
    public String toString() {
        return fingerprint();
    }
}
