package org.thrjob.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * Runs every rule of {@link ThrjobRules} on thrjob's production classes: the jars (or class
 * directories) of the modules tests/arch's pom depends on, tests excluded. Each rule is reported as
 * a test named after its field.
 */
@AnalyzeClasses(packages = ThrjobRules.ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ThrjobArchTest {

    @ArchTest
    static final ArchTests RULES = ArchTests.in(ThrjobRules.class);
}
