package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker users of deploy/rabbitmq/provision.sh on a real RabbitMQ: each service can do its own job (declare and
 * consume its queue, publish its own events) and nothing else. The names mirror shared-model's Topology, which this
 * module does not depend on.
 */
class BrokerPermissionsTest {

    private static final String EXCHANGE = "autorefresh.events";
    private static final String DEAD_LETTER = "autorefresh.dead-letter";
    private static final String WORKER_QUEUE = "refresh-worker.refresh-due";
    private static final String RESULTS_QUEUE = "api-service.refresh-results";

    private static final RabbitServer rabbit = TestInfrastructure.rabbit();
    private static Connection worker;
    private static Connection scheduler;
    private static Connection api;

    @BeforeAll
    static void eachServiceDeclaresWhatItConsumesAsItself() throws Exception {
        worker = connect(RabbitServer.WORKER, RabbitServer.VHOST);
        scheduler = connect(RabbitServer.SCHEDULER, RabbitServer.VHOST);
        api = connect(RabbitServer.API_SERVICE, RabbitServer.VHOST);
        try (Channel channel = scheduler.createChannel()) {
            channel.exchangeDeclare(EXCHANGE, "topic", true);
        }
        try (Channel channel = worker.createChannel()) {
            declareQueue(channel, WORKER_QUEUE, "refresh.due");
        }
        try (Channel channel = api.createChannel()) {
            declareQueue(channel, RESULTS_QUEUE, "window.updated", "refresh.failed");
        }
    }

    @AfterAll
    static void close() throws Exception {
        for (Connection connection : new Connection[] {worker, scheduler, api}) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    @Test
    void theSchedulerPublishesRefreshDueAndNothingElse() throws Exception {
        assertThat(publish(scheduler, "refresh.due")).isNull();
        assertRefused(publish(scheduler, "window.updated"));
        assertRefused(publish(scheduler, "refresh.failed"));
        assertRefused(consume(scheduler, WORKER_QUEUE));
        assertRefused(consume(scheduler, RESULTS_QUEUE));
    }

    @Test
    void theWorkerPublishesResultsButNeverRefreshDue() throws Exception {
        assertThat(publish(worker, "window.updated")).isNull();
        assertThat(publish(worker, "refresh.failed")).isNull();
        assertRefused(publish(worker, "refresh.due"));
    }

    @Test
    void theWorkerReadsItsOwnQueueButNotTheResults() throws Exception {
        assertThat(consume(worker, WORKER_QUEUE)).isNull();
        assertRefused(consume(worker, RESULTS_QUEUE));
        assertRefused(declare(worker, "api-service.spy"));
    }

    @Test
    void theApiServiceReadsTheResultsAndPublishesNothing() throws Exception {
        assertThat(consume(api, RESULTS_QUEUE)).isNull();
        assertRefused(consume(api, WORKER_QUEUE));
        assertRefused(publish(api, "refresh.due"));
        assertRefused(publish(api, "window.updated"));
    }

    @Test
    void serviceUsersHaveNoAccessToTheDefaultVirtualHost() {
        for (RabbitServer.ServiceUser user : new RabbitServer.ServiceUser[] {
                RabbitServer.WORKER, RabbitServer.SCHEDULER, RabbitServer.API_SERVICE}) {
            Throwable refused = catchThrowable(() -> connect(user, "/").close());
            assertThat(refused).as(user.username()).isNotNull();
        }
    }

    private static Connection connect(RabbitServer.ServiceUser user, String vhost) throws Exception {
        var factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setVirtualHost(vhost);
        factory.setUsername(user.username());
        factory.setPassword(user.password());
        return factory.newConnection("broker-permissions-test");
    }

    /** As the services do (BrokerTopology, ResultsTopology): a quorum queue with a parking lot behind it. */
    private static void declareQueue(Channel channel, String queue, String... routingKeys) throws Exception {
        channel.exchangeDeclare(EXCHANGE, "topic", true);
        channel.exchangeDeclare(DEAD_LETTER, "direct", true);
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 5,
                "x-dead-letter-exchange", DEAD_LETTER, "x-dead-letter-routing-key", queue + ".parking-lot"));
        channel.queueDeclare(queue + ".parking-lot", true, false, false, Map.of("x-queue-type", "quorum"));
        for (String key : routingKeys) {
            channel.queueBind(queue, EXCHANGE, key);
        }
        channel.queueBind(queue + ".parking-lot", DEAD_LETTER, queue + ".parking-lot");
    }

    /** Null when the broker confirmed the message, else what refused it. */
    private static Throwable publish(Connection connection, String routingKey) {
        return attempt(connection, channel -> {
            channel.confirmSelect();
            channel.basicPublish(EXCHANGE, routingKey, null, "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(Duration.ofSeconds(10).toMillis());
        });
    }

    private static Throwable consume(Connection connection, String queue) {
        return attempt(connection, channel -> channel.basicGet(queue, false));
    }

    private static Throwable declare(Connection connection, String queue) {
        return attempt(connection, channel -> channel.queueDeclare(queue, true, false, false, null));
    }

    private interface ChannelWork {
        void run(Channel channel) throws Exception;
    }

    private static Throwable attempt(Connection connection, ChannelWork work) {
        // A refusal closes the channel: a fresh one per attempt.
        return catchThrowable(() -> {
            Channel channel = connection.createChannel();
            work.run(channel);
            if (channel.isOpen()) {
                channel.close();
            }
        });
    }

    private static void assertRefused(Throwable refusal) {
        assertThat(refusal).as("refused by the broker").isNotNull();
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            messages.append(cause).append('\n');
        }
        assertThat(messages.toString()).contains("ACCESS_REFUSED");
    }
}
