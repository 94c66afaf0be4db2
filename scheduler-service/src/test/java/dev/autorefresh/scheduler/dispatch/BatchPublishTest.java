package dev.autorefresh.scheduler.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelListener;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch of RefreshDue goes out on one channel. Sent one by one, each message took a channel from the cache, which
 * gets it back only once the broker confirmed, so a burst of 10,000 opened and closed about a thousand channels (a
 * JFR profile of the benchmark counted them), at a cost to the scheduler and the broker.
 */
@SchedulerIntegrationTest
class BatchPublishTest {

    private final Dispatcher dispatcher;
    private final DispatchSettings settings;
    private final CachingConnectionFactory connectionFactory;
    @RegisterExtension
    final Accounts accounts = new Accounts();
    @RegisterExtension
    final RefreshDueQueue queue = RefreshDueQueue.eachTest();

    @Autowired
    BatchPublishTest(Dispatcher dispatcher, DispatchSettings settings, CachingConnectionFactory connectionFactory) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.connectionFactory = connectionFactory;
    }

    @Test
    void eachBatchIsPublishedOnASingleChannel() {
        int due = 2 * settings.batchSize();
        accounts.insertDue(due, "batched");
        Thread dispatching = Thread.currentThread();
        var opened = new AtomicInteger();
        connectionFactory.addChannelListener(new ChannelListener() {
            @Override
            public void onCreate(Channel channel, boolean transactional) {
                if (Thread.currentThread() == dispatching) {
                    opened.incrementAndGet();
                }
            }
        });

        Dispatcher.Outcome outcome = dispatcher.dispatchDue();

        assertThat(outcome.published()).isEqualTo(due);
        assertThat(queue.awaitAtLeast(due)).hasSize(due);
        assertThat(opened.get()).as("channels opened to publish %d RefreshDue in two batches", due)
                .isLessThanOrEqualTo(2);
    }
}
