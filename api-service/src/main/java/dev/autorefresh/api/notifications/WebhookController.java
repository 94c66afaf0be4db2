package dev.autorefresh.api.notifications;

import dev.autorefresh.api.json.ApiInstant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Notification webhooks, for admins only (SecurityConfiguration). A webhook's URL is never returned: listings show
 * its origin; its signing secret is returned once, by the 201 that creates it.
 */
@RestController
@RequestMapping("/api/notifications/webhooks")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * What the URL and kind must be is checked by {@link Webhooks} (the URL against the allow-list too); the
     * schema here says it for the OpenAPI document. {@code toString} hides the URL: it may carry a credential.
     */
    record NewWebhook(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = Webhooks.MAX_URL_LENGTH,
                    description = "An absolute http(s) URL on an allowed host, without user info or fragment; "
                            + "never shown again")
            String url,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"json", "slack"},
                    description = "json (our signed event) or slack (a Slack-compatible incoming webhook)")
            String kind) {

        @Override
        public String toString() {
            return "NewWebhook[kind=" + kind + ", url=****]";
        }
    }

    /** @param origin scheme, host and port of the URL: all of it that is ever shown */
    record WebhookView(UUID id, String kind, String origin, @ApiInstant Instant createdAt) {

        static WebhookView of(Webhook webhook) {
            return new WebhookView(webhook.id(), webhook.kind().label(), webhook.origin(), webhook.createdAt());
        }
    }

    /** @param signingSecret the HMAC key receivers verify with; shown here only, never again */
    record CreatedWebhook(UUID id, String kind, String origin, @ApiInstant Instant createdAt, String signingSecret) {
    }

    /** @param status the webhook's answer; null when none arrived */
    record TestResult(boolean delivered, Integer status, String error) {
    }

    @PostMapping
    ResponseEntity<CreatedWebhook> create(@RequestBody NewWebhook request) {
        Webhooks.Created created = webhooks.create(request.url(), request.kind());
        Webhook webhook = created.webhook();
        return ResponseEntity.created(URI.create("/api/notifications/webhooks/" + webhook.id()))
                .body(new CreatedWebhook(webhook.id(), webhook.kind().label(), webhook.origin(), webhook.createdAt(),
                        created.signingSecret()));
    }

    @GetMapping
    List<WebhookView> list() {
        return webhooks.list().stream().map(WebhookView::of).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    TestResult test(@PathVariable String id) {
        WebhookClient.Delivery delivery = webhooks.test(id);
        return new TestResult(delivery.delivered(), delivery.status(), delivery.error());
    }
}
