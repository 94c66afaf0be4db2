package dev.autorefresh.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The rules the services' boundary tests apply find what they are meant to find, and nothing else. */
class ServiceBoundariesTest {

    private static final String CLEAN = "dev.autorefresh.testsupport.boundaries.clean";
    private static final String TANGLED = "dev.autorefresh.testsupport.boundaries.tangled";
    private static final JavaClasses CLEAN_CLASSES = new ClassFileImporter().importPackages(CLEAN);
    private static final JavaClasses TANGLED_CLASSES = new ClassFileImporter().importPackages(TANGLED);

    @Test
    void aServiceWhoseFeaturesDependOneWayAndWhoseWebLayerUsesThemKeepsEveryRule() {
        assertThatCode(() -> {
            ServiceBoundaries.featuresAreFreeOfCycles(CLEAN).check(CLEAN_CLASSES);
            ServiceBoundaries.onlyWebDependsOnWeb(CLEAN).check(CLEAN_CLASSES);
            ServiceBoundaries.usesNoOtherService(CLEAN).check(CLEAN_CLASSES);
        }).doesNotThrowAnyException();
    }

    @Test
    void twoFeaturesThatUseEachOtherAreACycle() {
        assertThatThrownBy(() -> ServiceBoundaries.featuresAreFreeOfCycles(TANGLED).check(TANGLED_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected: feature a -> ")
                .hasMessageContaining("feature b -> ");
    }

    @Test
    void aFeatureThatUsesTheWebLayerIsReported() {
        assertThatThrownBy(() -> ServiceBoundaries.onlyWebDependsOnWeb(TANGLED).check(TANGLED_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated (1 times)")
                .hasMessageContaining("<" + TANGLED + ".a.A.status> has type <" + TANGLED + ".web.Status>");
    }

    @Test
    void aClassOfAnotherServiceIsReported() {
        assertThatThrownBy(() -> ServiceBoundaries.usesNoOtherService(TANGLED).check(TANGLED_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated (1 times)")
                .hasMessageContaining("<" + CLEAN + ".orders.Order>");
    }

    @Test
    void aPackageWithoutProductionClassesIsAnErrorNotAPass() {
        assertThatThrownBy(() -> ServiceBoundaries.mainClassesOf("dev.autorefresh.nosuchservice"))
                .isInstanceOf(IllegalStateException.class);
    }
}
