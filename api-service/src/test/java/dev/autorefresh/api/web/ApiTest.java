package dev.autorefresh.api.web;

import dev.autorefresh.api.security.ForgetFailedAuthentications;
import dev.autorefresh.testsupport.RealInfrastructure;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The api-service's integration tests: the whole application on a random port, against the real PostgreSQL and
 * RabbitMQ, every test starting with no failed authentications on record. Tests without their own properties
 * share one context; a class that sets properties (or another web environment) gets its own, and closes it with
 * {@code @DirtiesContext} when its listeners must not outlive it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@TestExecutionListeners(listeners = ForgetFailedAuthentications.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface ApiTest {

    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.RANDOM_PORT;
}
