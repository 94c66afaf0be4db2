package dev.autorefresh.api.web;

/**
 * The REST client of test-support, pointed at the api-service a test started on a random port, as the
 * tests' bootstrap admin unless told otherwise.
 */
public final class ApiClient extends dev.autorefresh.testsupport.ApiClient {

    /** The bootstrap admin token of the tests' configuration (src/test/resources/application.properties). */
    public static final String ADMIN_TOKEN = "art_test-admin-token-0123456789abcdef0123456789";

    /** As an admin: what the guide's commands do with {@code -H "Authorization: Bearer $AUTOREFRESH_TOKEN"}. */
    public ApiClient(int port) {
        this(port, ADMIN_TOKEN);
    }

    /** With the given bearer token; null sends no credentials. */
    public ApiClient(int port, String token) {
        super(port, token);
    }

    public static ApiClient anonymous(int port) {
        return new ApiClient(port, null);
    }
}
