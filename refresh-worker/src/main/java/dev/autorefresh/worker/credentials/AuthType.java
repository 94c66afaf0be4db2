package dev.autorefresh.worker.credentials;

/** How an account authenticates upstream; decides the auth headers of the dummy message. */
public enum AuthType {
    OAUTH,
    API_KEY
}
