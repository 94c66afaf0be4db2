package dev.autorefresh.api;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.autorefresh.testsupport.ServiceBoundaries;
import dev.autorefresh.testsupport.ServiceBoundaryTests;
import org.junit.jupiter.api.Test;

/**
 * The api-service's features depend on each other without cycles, only the web layer depends on web, and it uses
 * no other service.
 */
class PackageBoundariesTest implements ServiceBoundaryTests {

    private static final String SERVICE = "dev.autorefresh.api";

    /**
     * Until the accounts' request reading is bound to request records, it still refuses bad input with the web
     * layer's ApiException. Only those classes, and only their use of web, are let through; remove this once they
     * throw the features' refusals.
     */
    private static final DescribedPredicate<JavaClass> REQUEST_READING_NOT_YET_CONVERTED =
            nameMatching("dev\\.autorefresh\\.api\\.accounts\\.(AccountController|AccountRequests|RequestFields)(\\$.*)?")
                    .forSubtype();

    @Override
    public String servicePackage() {
        return SERVICE;
    }

    @Test
    @Override
    public void featurePackagesFormNoCycle() {
        ServiceBoundaries.featuresAreFreeOfCycles(SERVICE)
                .ignoreDependency(REQUEST_READING_NOT_YET_CONVERTED, resideInAPackage(SERVICE + ".web.."))
                .check(mainClasses());
    }

    @Test
    void noFeatureDependsOnTheWebLayer() {
        ServiceBoundaries.onlyWebDependsOnWeb(SERVICE).check(mainClasses().that(not(REQUEST_READING_NOT_YET_CONVERTED)));
    }
}
