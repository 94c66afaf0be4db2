package dev.autorefresh.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The boundary tests every service runs: a service's test class implements this and names its root package. A
 * service with more rules (the api-service's web layer) adds its own tests next to these.
 */
public interface ServiceBoundaryTests {

    /** The service's root package, such as {@code dev.autorefresh.worker}. */
    String servicePackage();

    default JavaClasses mainClasses() {
        return ServiceBoundaries.mainClassesOf(servicePackage());
    }

    @Test
    default void featurePackagesFormNoCycle() {
        ServiceBoundaries.featuresAreFreeOfCycles(servicePackage()).check(mainClasses());
    }

    @Test
    default void usesNoOtherServiceOnlyTheSharedEvents() {
        ServiceBoundaries.usesNoOtherService(servicePackage()).check(mainClasses());
    }
}
