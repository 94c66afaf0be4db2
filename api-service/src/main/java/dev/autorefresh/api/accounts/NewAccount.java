package dev.autorefresh.api.accounts;

/** A valid request to add an account; {@code customEndpoint} may be null. */
record NewAccount(String name, String provider, Credentials credentials, int priority, String customEndpoint) {
}
