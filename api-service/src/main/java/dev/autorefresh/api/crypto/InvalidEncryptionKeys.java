package dev.autorefresh.api.crypto;

/** Thrown at startup when the keys are missing (outside development) or unusable; the message says what to do. */
class InvalidEncryptionKeys extends IllegalStateException {

    static final String HOW_TO = """
            Set AUTOREFRESH_ENCRYPTION_KEYS to <id>:<base64 of 32 random bytes>, for example
              AUTOREFRESH_ENCRYPTION_KEYS="k1:$(openssl rand -base64 32)"
            or AUTOREFRESH_ENCRYPTION_KEYS_FILE to a file holding that line. Keep keys out of the repository and \
            the image. For local development only, set \
            AUTOREFRESH_CRYPTO_ALLOW_DEV_KEY=true to use the built-in, public development key.""";

    private final String problem;

    private InvalidEncryptionKeys(String problem) {
        super(problem + " " + HOW_TO.replaceAll("\\s*\\n\\s*", " "));
        this.problem = problem;
    }

    static InvalidEncryptionKeys missing() {
        return new InvalidEncryptionKeys("No encryption key configured: the api-service stores tokens and API keys "
                + "encrypted and refuses to start without a key.");
    }

    static InvalidEncryptionKeys unusable(String problem) {
        return new InvalidEncryptionKeys("Unusable encryption key configuration: " + problem + ".");
    }

    String problem() {
        return problem;
    }
}
