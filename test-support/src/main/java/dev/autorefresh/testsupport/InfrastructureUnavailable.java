package dev.autorefresh.testsupport;

/** Thrown when the real services a test needs cannot be started: the build fails and says what to install. */
public class InfrastructureUnavailable extends RuntimeException {

    static final String HOW_TO_FIX = """
            Integration tests need a real PostgreSQL and a real RabbitMQ. Either:
              - AUTOREFRESH_TEST_INFRA=local: install PostgreSQL (apt-get install -y postgresql) and RabbitMQ
                (apt-get install -y rabbitmq-server); the tests start private instances on free ports, or
              - AUTOREFRESH_TEST_INFRA=testcontainers: a Docker engine that can pull postgres and rabbitmq images.
            `bash .ci/run` installs what the local mode needs.""";

    public InfrastructureUnavailable(String problem) {
        super(problem + "\n" + HOW_TO_FIX);
    }

    public InfrastructureUnavailable(String problem, Throwable cause) {
        super(problem + "\n" + HOW_TO_FIX, cause);
    }
}
