package dev.integrity.platform.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Dependencies run one way (DESIGN.md): {@code rest -> service -> repository -> entities}, and
 * {@code maintenance -> service}. Commands, results and entities live at the domain root, which
 * every layer may use and which uses none of them. A service's test extends this with its domain
 * package; {@code LayeringContractTest} shows the rule failing on a planted backwards import.
 */
public abstract class LayeringContract {

    /** The service's domain package, for example {@code dev.integrity.device}. */
    protected abstract String domainPackage();

    @Test
    void dependenciesRunOneWay() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(domainPackage());
        assertFalse(main.isEmpty(), "no main classes found under " + domainPackage());
        rule(domainPackage()).check(main);
    }

    /** The layering of the service whose domain package is {@code base}. */
    public static ArchRule rule(String base) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("rest").definedBy(base + ".rest..")
                .layer("maintenance").definedBy(base + ".maintenance..")
                .layer("service").definedBy(base + ".service..")
                .layer("repository").definedBy(base + ".repository..")
                .layer("domain").definedBy(base)
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("maintenance").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("rest", "maintenance")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("service")
                .whereLayer("domain").mayNotAccessAnyLayer()
                .as("dependencies of " + base + " run rest -> service -> repository -> domain, maintenance -> service");
    }
}
