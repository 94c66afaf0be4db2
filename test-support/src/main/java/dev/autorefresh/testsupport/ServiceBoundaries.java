package dev.autorefresh.testsupport;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceRule;

/**
 * The package rules every service keeps, as ArchUnit rules its boundary test checks. A service is a root package
 * (such as {@code dev.autorefresh.api}) whose direct sub-packages are its features. Features may use each other as
 * long as no cycle forms; a service uses no other service's code, only the shared events in
 * {@code dev.autorefresh.events}; and where a service has a web layer, that layer depends on the features, never the
 * other way round, so features stay usable from a listener or a scheduled job without dragging HTTP along.
 */
public final class ServiceBoundaries {

    private static final String PROJECT = "dev.autorefresh..";
    private static final String SHARED_EVENTS = "dev.autorefresh.events..";

    private ServiceBoundaries() {
    }

    /** The production classes of a service: its tests may reach across features to set things up. */
    public static JavaClasses mainClassesOf(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no production classes found under " + servicePackage);
        }
        return classes;
    }

    /** The feature packages (direct sub-packages of the service, with everything below them) form no cycle. */
    public static SliceRule featuresAreFreeOfCycles(String servicePackage) {
        return slices().matching(servicePackage + ".(*)..")
                .namingSlices("feature $1")
                .should().beFreeOfCycles();
    }

    /** Nothing of the service depends on another service's packages; the shared events are everyone's. */
    public static ArchRule usesNoOtherService(String servicePackage) {
        return noClasses().that().resideInAPackage(servicePackage + "..")
                .should().dependOnClassesThat(resideInAPackage(PROJECT)
                        .and(not(resideInAnyPackage(servicePackage + "..", SHARED_EVENTS)))
                        .as("are in another service (only %s is shared)", SHARED_EVENTS))
                .because("services meet only through the broker, the database and HTTP");
    }

    /** Only the web layer itself depends on it: features report failures as their own exceptions, which it maps. */
    public static ArchRule onlyWebDependsOnWeb(String servicePackage) {
        String web = servicePackage + ".web..";
        return noClasses().that().resideInAPackage(servicePackage + "..").and().resideOutsideOfPackage(web)
                .should().dependOnClassesThat().resideInAPackage(web)
                .because("the web layer depends on the features, not the other way round");
    }
}
