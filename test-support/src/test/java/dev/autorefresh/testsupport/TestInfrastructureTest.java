package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    @Test
    void startsARealPostgresThatAnswersQueries() throws Exception {
        PostgresServer postgres = TestInfrastructure.postgres();

        try (var connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
             var result = connection.createStatement().executeQuery("select current_database(), version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("autorefresh");
            assertThat(result.getString(2)).startsWith("PostgreSQL");
        }
    }

    @Test
    void startsARealRabbitThatRoundTripsAMessageThroughAQuorumQueue() throws Exception {
        RabbitServer rabbit = TestInfrastructure.rabbit();
        var factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());

        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            channel.queueDeclare("test-support.probe", true, false, false,
                    java.util.Map.of("x-queue-type", "quorum"));
            channel.basicPublish("", "test-support.probe", null, "ping".getBytes());
            var response = org.awaitility.Awaitility.await().until(
                    () -> channel.basicGet("test-support.probe", true), java.util.Objects::nonNull);
            assertThat(new String(response.getBody())).isEqualTo("ping");
        }
    }

    @Test
    void sharesOneInstanceOfEachPerJvm() {
        assertThat(TestInfrastructure.postgres()).isSameAs(TestInfrastructure.postgres());
        assertThat(TestInfrastructure.rabbit()).isSameAs(TestInfrastructure.rabbit());
    }
}
