package dev.autorefresh.api.security;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Every test starts with no failed authentications on record. The shared test context lives across test classes
 * whose requests all come from loopback, so wrong tokens sent on purpose by one test would otherwise slow down
 * (429) an unrelated one within the same minute.
 */
public class ForgetFailedAuthentications extends AbstractTestExecutionListener {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        testContext.getApplicationContext().getBeanProvider(FailedAuthentications.class)
                .ifAvailable(FailedAuthentications::forgetAll);
    }
}
