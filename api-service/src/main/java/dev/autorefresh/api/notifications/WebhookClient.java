package dev.autorefresh.api.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Delivers one notification to one webhook, signed. Never follows a redirect (the URL is a secret a redirect would
 * carry elsewhere), and never repeats the URL or an exception's message in what it reports: only the status, or
 * the kind of network failure.
 *
 * <p>Stays on the JDK client: a client observation would record the URL, which is a secret, in its span and the
 * webhook's host in a metric tag, and the body is discarded unread, so a RestClient would add nothing.
 */
@Component
class WebhookClient {

    static final String USER_AGENT = "auto-refresh-notifications";

    private final NotificationSettings settings;
    private final Payloads payloads;
    private final Clock clock;
    private final HttpClient http;

    WebhookClient(NotificationSettings settings, Payloads payloads, Clock clock) {
        this.settings = settings;
        this.payloads = payloads;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @param status the answer's status; null when none arrived */
    record Delivery(boolean delivered, Integer status, String error) {
    }

    Delivery deliver(Webhook webhook, Notification notification) {
        byte[] body = payloads.body(webhook.kind(), notification);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(webhook.revealUrl()))
                    .version(HttpClient.Version.HTTP_1_1)
                    .timeout(settings.timeout())
                    .header("content-type", "application/json")
                    .header("user-agent", USER_AGENT)
                    .header(Signature.EVENT_ID_HEADER, notification.eventId().toString())
                    .header(Signature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(Signature.SIGNATURE_HEADER, Signature.sign(webhook.revealSigningSecret(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Delivery(false, null, "the webhook URL is not usable");
        }
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? new Delivery(true, status, null)
                    : new Delivery(false, status, "the webhook answered " + status);
        } catch (HttpTimeoutException e) {
            return new Delivery(false, null, "no answer within " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Delivery(false, null, "could not reach the webhook (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(false, null, "interrupted");
        }
    }
}
