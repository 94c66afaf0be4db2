package dev.autorefresh.api.notifications;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC a receiver checks: {@code sha256=} and the hex HMAC-SHA256, keyed with the webhook's signing secret, of
 * {@code <timestamp>.<raw body>}. The timestamp (Unix seconds, its own header) is signed too, so a receiver that
 * refuses old timestamps refuses a replayed request.
 */
final class Signature {

    static final String SIGNATURE_HEADER = "X-Autorefresh-Signature";
    static final String TIMESTAMP_HEADER = "X-Autorefresh-Timestamp";
    static final String EVENT_ID_HEADER = "X-Autorefresh-Event-Id";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signature() {
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A new signing secret: 256 random bits. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
