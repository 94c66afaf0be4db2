package dev.autorefresh.api.notifications;

import dev.autorefresh.api.crypto.Secret;
import dev.autorefresh.api.crypto.SecretColumn;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A destination for notifications. Its URL and signing secret are encrypted at rest and revealed only to deliver;
 * {@link #origin()} (scheme, host, port) is all that is ever shown or logged.
 */
@Entity
@Table(name = "notification_webhook")
class Webhook {

    @Id
    private UUID id;
    @Enumerated(EnumType.STRING)
    private WebhookKind kind;
    @Convert(converter = SecretColumn.class)
    private Secret url;
    private String origin;
    @Convert(converter = SecretColumn.class)
    private Secret signingSecret;
    private Instant createdAt;

    protected Webhook() {
        // for JPA
    }

    /** @param url checked by the caller: an absolute http(s) URL whose destination is allowed */
    Webhook(WebhookKind kind, String url, String origin, String signingSecret, Instant now) {
        this.id = UUID.randomUUID();
        this.kind = Objects.requireNonNull(kind);
        this.url = Secret.of(Objects.requireNonNull(url));
        this.origin = Objects.requireNonNull(origin);
        this.signingSecret = Secret.of(Objects.requireNonNull(signingSecret));
        this.createdAt = now;
    }

    UUID id() {
        return id;
    }

    WebhookKind kind() {
        return kind;
    }

    String origin() {
        return origin;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Decrypts: for delivering only. */
    String revealUrl() {
        return url.reveal();
    }

    /** Decrypts: for signing only. */
    String revealSigningSecret() {
        return signingSecret.reveal();
    }

    @Override
    public String toString() {
        return "Webhook[" + id + ", " + kind.label() + ", " + origin + "]";
    }
}
