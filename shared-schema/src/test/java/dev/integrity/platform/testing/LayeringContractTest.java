package dev.integrity.platform.testing;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layering rule fails where it should: on a service that imports a rest DTO. */
class LayeringContractTest {

    private static final String PLANTED = "dev.integrity.platform.testing.layering.planted";

    @Test
    void aServiceThatImportsARestDtoFailsTheRule() {
        var classes = new ClassFileImporter().importPackages(PLANTED);
        AssertionError failure = assertThrows(AssertionError.class, () -> LayeringContract.rule(PLANTED).check(classes));
        assertTrue(failure.getMessage().contains("Billing") && failure.getMessage().contains("InvoiceView"), failure.getMessage());
    }
}
