package dev.autorefresh.api.accounts;

/** A feature that only exists for Anthropic accounts was asked of another provider's account. */
public class NotAnthropicException extends RuntimeException {

    public NotAnthropicException(String message) {
        super(message);
    }
}
