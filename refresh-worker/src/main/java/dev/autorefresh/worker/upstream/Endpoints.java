package dev.autorefresh.worker.upstream;

import java.net.URI;
import java.net.URISyntaxException;

/** Where an account's dummy message goes, and where its free usage check goes. */
final class Endpoints {

    private static final String MESSAGES_PATH = "/v1/messages";
    static final String USAGE_PATH = "/api/oauth/usage";

    private Endpoints() {
    }

    /**
     * The custom endpoint is either the full messages URL (its path ends in {@code /messages}), used as is, or a
     * base URL to which {@code /v1/messages} is added. Errors never echo the URL: it may carry credentials.
     */
    static URI resolve(String customEndpoint, URI defaultEndpoint) {
        if (customEndpoint == null || customEndpoint.isBlank()) {
            return defaultEndpoint;
        }
        URI custom;
        try {
            custom = new URI(customEndpoint.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("custom endpoint is not a URL");
        }
        String scheme = custom.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || custom.getHost() == null) {
            throw new IllegalArgumentException("custom endpoint is not an absolute http(s) URL");
        }
        String path = custom.getRawPath() == null ? "" : custom.getRawPath().replaceAll("/+$", "");
        if (!path.endsWith("/messages")) {
            path = path + MESSAGES_PATH;
        }
        String query = custom.getRawQuery() == null ? "" : "?" + custom.getRawQuery();
        return URI.create(scheme + "://" + custom.getRawAuthority() + path + query);
    }

    /**
     * The OAuth usage endpoint for an account: the origin (scheme, host, port) of where its message would go, with
     * the path {@code /api/oauth/usage}. Derived from {@link #resolve}, so whatever is checked about the messages
     * URL (its scheme, its host) holds for the usage URL too, and the check never goes to a host the message
     * would not go to. A custom endpoint's path prefix and query are dropped: the usage endpoint lives at the
     * API's root.
     */
    static URI usage(String customEndpoint, URI defaultEndpoint) {
        URI messages = resolve(customEndpoint, defaultEndpoint);
        return URI.create(messages.getScheme() + "://" + messages.getRawAuthority() + USAGE_PATH);
    }
}
