package dev.autorefresh.scheduler.dispatch;

import dev.autorefresh.testsupport.RealInfrastructureInitializer;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextConfiguration;

/**
 * The scheduler against the real PostgreSQL and RabbitMQ of {@code @RealInfrastructure}, connected as its
 * least-privileged login role. The two initializers are listed in the order they must run: the second replaces
 * the superuser that the first configures.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@ContextConfiguration(initializers = {RealInfrastructureInitializer.class, LeastPrivilegedSchedulerRole.class})
@interface SchedulerIntegrationTest {

    /** MOCK unless a test reads the scheduler over HTTP (its probes and scrape). */
    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
