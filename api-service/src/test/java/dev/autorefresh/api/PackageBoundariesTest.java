package dev.autorefresh.api;

import dev.autorefresh.testsupport.ServiceBoundaries;
import dev.autorefresh.testsupport.ServiceBoundaryTests;
import org.junit.jupiter.api.Test;

/**
 * The api-service's features depend on each other without cycles, only the web layer depends on web, and it uses
 * no other service.
 */
class PackageBoundariesTest implements ServiceBoundaryTests {

    private static final String SERVICE = "dev.autorefresh.api";

    @Override
    public String servicePackage() {
        return SERVICE;
    }

    @Test
    void noFeatureDependsOnTheWebLayer() {
        ServiceBoundaries.onlyWebDependsOnWeb(SERVICE).check(mainClasses());
    }
}
