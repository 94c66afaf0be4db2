package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.events.Topology;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "#{" + DispatchSettings.BEAN + ".lockAtMostFor()}")
class DispatchConfiguration {

    /** Lock times come from the database clock, so replicas with skewed clocks still agree. */
    @Bean
    LockProvider lockProvider(JdbcTemplate jdbc) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .withTableName("scheduler.shedlock")
                .usingDbTime()
                .build());
    }

    /** The exchange every event travels on; declaring it is idempotent, so each publisher does. */
    @Bean
    TopicExchange eventsExchange() {
        return ExchangeBuilder.topicExchange(Topology.EXCHANGE).durable(true).build();
    }
}
