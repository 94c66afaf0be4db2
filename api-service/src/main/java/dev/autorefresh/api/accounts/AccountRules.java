package dev.autorefresh.api.accounts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The shape rules an account's fields obey, shared by the entity (guard) and the web layer (messages). */
public final class AccountRules {

    public static final String ANTHROPIC = "anthropic";
    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9 ._-]{1,100}$");
    public static final String NAME_RULE = "1-100 characters: letters, digits, space, '-', '_', '.'";
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 100;
    public static final String PROVIDER_REGEX = "^[a-z][a-z0-9-]{0,31}$";
    public static final Pattern PROVIDER = Pattern.compile(PROVIDER_REGEX);
    public static final int MAX_ENDPOINT_LENGTH = 2048;

    private AccountRules() {
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.isBlank();
    }

    public static boolean validPriority(int priority) {
        return priority >= MIN_PRIORITY && priority <= MAX_PRIORITY;
    }

    /** An absolute http(s) URL with a host, no user info, no fragment. */
    public static boolean validEndpoint(String endpoint) {
        if (endpoint == null || endpoint.length() > MAX_ENDPOINT_LENGTH || endpoint.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
