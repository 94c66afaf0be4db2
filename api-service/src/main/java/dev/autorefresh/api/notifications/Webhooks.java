package dev.autorefresh.api.notifications;

import dev.autorefresh.api.accounts.AllowedEndpoints;
import dev.autorefresh.api.audit.AuditTrail;
import dev.autorefresh.api.audit.Change;
import dev.autorefresh.api.refusals.InvalidRequest;
import dev.autorefresh.api.refusals.NotFound;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Configures where notifications go. A URL is checked (absolute http(s), no user info) and must pass the same
 * allow-list as an account's custom endpoint; it is stored encrypted and never shown again. Every change is audited
 * under the webhook's id, with its origin, never its URL.
 */
@Service
class Webhooks {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_WEBHOOKS = 20;
    static final String AUDIT_NAME = "notification webhook";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final WebhookRepository webhooks;
    private final AllowedEndpoints allowed;
    private final AuditTrail audit;
    private final WebhookClient client;
    private final Clock clock;

    Webhooks(WebhookRepository webhooks, AllowedEndpoints allowed, AuditTrail audit, WebhookClient client,
            Clock clock) {
        this.webhooks = webhooks;
        this.allowed = allowed;
        this.audit = audit;
        this.client = client;
        this.clock = clock;
    }

    /** A new webhook and its signing secret: shown to the caller once. */
    record Created(Webhook webhook, String signingSecret) {
    }

    @Transactional
    Created create(String url, String kindName) {
        WebhookKind kind = WebhookKind.parse(kindName);
        if (kind == null) {
            throw new InvalidRequest("kind must be \"json\" or \"slack\"", Map.of("field", "kind"));
        }
        URI target = validUrl(url);
        if (!allowed.allows(target.toString())) {
            throw new InvalidRequest("the webhook's destination " + AllowedEndpoints.origin(target.toString())
                    + " is not allowed: add it to " + AllowedEndpoints.SETTING,
                    Map.of("field", "url", "origin", AllowedEndpoints.origin(target.toString())));
        }
        if (webhooks.count() >= MAX_WEBHOOKS) {
            throw new InvalidRequest("at most " + MAX_WEBHOOKS + " webhooks; delete one first",
                    Map.of("limit", MAX_WEBHOOKS));
        }
        String secret = Signature.newSecret();
        Webhook webhook = webhooks.save(new Webhook(kind, target.toString(), AllowedEndpoints.origin(target.toString()),
                secret, clock.instant()));
        audit.record(webhook.id(), AUDIT_NAME, "webhook_created", Map.of(
                "kind", Change.of(null, kind.label()), "origin", Change.of(null, webhook.origin()),
                "url", Change.of(null, AuditTrail.REPLACED)));
        return new Created(webhook, secret);
    }

    @Transactional(readOnly = true)
    List<Webhook> list() {
        return webhooks.findAllByOrderByCreatedAtAsc();
    }

    @Transactional
    void delete(String id) {
        Webhook webhook = find(id);
        webhooks.delete(webhook);
        audit.record(webhook.id(), AUDIT_NAME, "webhook_deleted", Map.of(
                "kind", Change.of(webhook.kind().label(), null), "origin", Change.of(webhook.origin(), null)));
    }

    /** Sends a test notification now, once, outside the outbox: the admin sees at once whether it arrives. */
    WebhookClient.Delivery test(String id) {
        Webhook webhook = find(id);
        if (!allowed.allows(webhook.revealUrl())) {
            return new WebhookClient.Delivery(false, null, "destination " + webhook.origin() + " is no longer "
                    + "allowed by " + AllowedEndpoints.SETTING + "; nothing was sent");
        }
        return client.deliver(webhook, Notification.test(clock.instant()));
    }

    private Webhook find(String id) {
        if (id == null || !CANONICAL_UUID.matcher(id).matches()) {
            throw notFound(id);
        }
        return webhooks.findById(UUID.fromString(id)).orElseThrow(() -> notFound(id));
    }

    private static NotFound notFound(String id) {
        return new NotFound("webhook not found", Map.of("id", String.valueOf(id)));
    }

    /** The refusal never quotes the URL: it may hold the webhook's credential. */
    private static URI validUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequest("url is required", Map.of("field", "url"));
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidRequest("url must be at most " + MAX_URL_LENGTH + " characters",
                    Map.of("field", "url"));
        }
        URI target;
        try {
            target = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalidUrl();
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || target.getHost() == null
                || target.getRawUserInfo() != null || target.getRawFragment() != null) {
            throw invalidUrl();
        }
        return target;
    }

    private static InvalidRequest invalidUrl() {
        return new InvalidRequest("url must be an absolute http or https URL with a host, without user info "
                + "or fragment", Map.of("field", "url"));
    }
}
