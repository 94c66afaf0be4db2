package dev.autorefresh.api.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or malformed key into the short "APPLICATION FAILED TO START" report, not a stack trace. */
class CryptoFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEncryptionKeys> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidEncryptionKeys cause) {
        return new FailureAnalysis(cause.problem(), InvalidEncryptionKeys.HOW_TO, cause);
    }
}
