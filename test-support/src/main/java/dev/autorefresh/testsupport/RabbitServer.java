package dev.autorefresh.testsupport;

/**
 * A running RabbitMQ broker reachable on loopback. {@code username}/{@code password} is its administrator, with every
 * permission on the default virtual host {@code /} and on {@link #VHOST}; the services' own users exist on
 * {@link #VHOST} only, provisioned by {@code deploy/rabbitmq/provision.sh} as in every deployment.
 */
public record RabbitServer(String host, int port, String username, String password) {

    /** The dedicated virtual host deploy/rabbitmq/provision.sh creates. */
    public static final String VHOST = "autorefresh";
    /** Test-only passwords: this broker lives for one test JVM on loopback. */
    public static final ServiceUser API_SERVICE = new ServiceUser("autorefresh-api", "test-api-broker-password");
    public static final ServiceUser SCHEDULER = new ServiceUser("autorefresh-scheduler", "test-scheduler-broker-password");
    public static final ServiceUser WORKER = new ServiceUser("autorefresh-worker", "test-worker-broker-password");

    /** A service's broker user on {@link #VHOST}. */
    public record ServiceUser(String username, String password) {
    }
}
