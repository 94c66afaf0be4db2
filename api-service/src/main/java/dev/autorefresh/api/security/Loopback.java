package dev.autorefresh.api.security;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** What counts as "this machine" for the single-user mode. */
final class Loopback {

    private static final Set<String> HOST_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private Loopback() {
    }

    /** A remote address as the servlet container gives it: an IP literal, never a name to resolve. */
    static boolean isLoopbackAddress(String ip) {
        if (ip == null || ip.isBlank()) {
            return false;
        }
        try {
            return InetAddress.ofLiteral(ip).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isLoopbackAddress(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }

    /** A {@code Host} header naming this machine, on any port. */
    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            host = colon < 0 ? host : host.substring(0, colon);
        }
        return HOST_NAMES.contains(host);
    }

    /** An {@code Origin} header of a page served from this machine. */
    static boolean isLoopbackOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && HOST_NAMES.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
