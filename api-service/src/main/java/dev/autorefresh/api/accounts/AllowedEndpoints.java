package dev.autorefresh.api.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hosts an account's credentials may be sent to (README, "Credentials only go to allowed hosts"). An entry
 * without a scheme ({@code api.anthropic.com}, {@code proxy.example:8443}) allows https only; an entry written
 * with {@code http://} ({@code http://127.0.0.1:9090}) allows that host over plain http as well. Without a port an
 * entry allows the scheme's default port only. Host names match exactly (no wildcards, no DNS lookups): a
 * different spelling of the same address is refused, which errs on the safe side.
 *
 * <p>Checked here when an account's custom endpoint is set, and again by the worker before it sends anything; the
 * worker keeps its own copy of these rules, which a change here must follow.
 *
 * <p>The one setting outside this service's prefix: the worker reads the same one, and a refusal names
 * it to the caller.
 *
 * @param allowedHosts comma-separated entries (env AUTOREFRESH_ALLOWED_HOSTS)
 */
@ConfigurationProperties("autorefresh.endpoints")
public record AllowedEndpoints(@DefaultValue(DEFAULT) List<String> allowedHosts) {

    public static final String DEFAULT = "api.anthropic.com";
    public static final String SETTING = "autorefresh.endpoints.allowed-hosts (AUTOREFRESH_ALLOWED_HOSTS)";

    public AllowedEndpoints {
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream()
                .map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        if (allowedHosts.isEmpty()) {
            // An empty environment variable means "the default", as for every other setting.
            allowedHosts = List.of(DEFAULT);
        }
        allowedHosts.forEach(AllowedEndpoints::parse);
    }

    /** Whether credentials may go to this absolute http(s) URL (one that {@link AccountRules#validEndpoint} accepts). */
    public boolean allows(String endpoint) {
        return allows(URI.create(endpoint.strip()));
    }

    boolean allows(URI target) {
        return allowedHosts.stream().map(AllowedEndpoints::parse).anyMatch(entry -> entry.matches(target));
    }

    /** How the target is named in a refusal: scheme, host and port only (a path or query may carry a key). */
    public static String origin(String endpoint) {
        return origin(URI.create(endpoint.strip()));
    }

    static String origin(URI target) {
        return target.getScheme().toLowerCase(Locale.ROOT) + "://" + target.getHost() + ":" + effectivePort(target);
    }

    private record Entry(boolean plainHttpAllowed, String host, int port) {

        boolean matches(URI target) {
            String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeOk = scheme.equals("https") || (plainHttpAllowed && scheme.equals("http"));
            return schemeOk && target.getHost() != null && host.equalsIgnoreCase(target.getHost())
                    && (port == -1 ? target.getPort() == -1 || target.getPort() == defaultPort(scheme)
                            : port == effectivePort(target));
        }
    }

    private static Entry parse(String entry) {
        boolean http = entry.regionMatches(true, 0, "http://", 0, 7);
        String url = entry.contains("://") ? entry : "https://" + entry;
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
                throw new IllegalArgumentException();
            }
            return new Entry(http, uri.getHost(), uri.getPort());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(SETTING + ": '" + entry + "' is not a host, host:port or "
                    + "http://host:port entry");
        }
    }

    private static int effectivePort(URI target) {
        return target.getPort() != -1 ? target.getPort() : defaultPort(target.getScheme().toLowerCase(Locale.ROOT));
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("http") ? 80 : 443;
    }
}
