package org.thrjob.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proves that every rule of {@link ThrjobRules} can fail: the same factory that builds the rule for
 * {@code org.thrjob} is applied to a fixture tree under {@code org.thrjob.arch.fixtures} that breaks
 * it, and must throw. Each test also checks that the report names the violating class and not the
 * allowed case kept beside it, so the rule fails for the right reason.
 */
class ThrjobRulesFailTest {

    private static final String FIXTURES = "org.thrjob.arch.fixtures.";

    @Test
    void providersAreReachedOnlyThroughServiceLoader_apiAndBioNameProviders_fails() {
        String root = FIXTURES + "providerleak";
        String report = failure(ThrjobRules.providersAreReachedOnlyThroughServiceLoader(root), root);
        assertTrue(report.contains(root + ".api.LeakyLookup"), report);
        assertTrue(report.contains(root + ".bio.LeakyBio"), report);
        assertFalse(report.contains("ProviderBench"), report);
    }

    @Test
    void providerModulesExportNothingAndProvideThrProvider_exportingAndUndeclaredProviders_fails() {
        String root = FIXTURES + "providerexports";
        String exporting = root + ".forkjoin.ExportingProvider";
        ModuleDescriptor forkjoin = ModuleDescriptor.newModule(root + ".forkjoin")
                .exports(root + ".forkjoin")
                .provides(ThrjobRules.THR_PROVIDER, List.of(exporting))
                .build();
        ModuleDescriptor threads = ModuleDescriptor.newModule(root + ".threads")
                .packages(Set.of(root + ".threads"))
                .build();
        ThrModule.Locator locator = locator(
                new ThrModule.Declared(forkjoin, Set.of(exporting)),
                new ThrModule.Declared(threads, Set.of(root + ".threads.UndeclaredProvider")));

        String report = failure(ThrjobRules.providerModulesExportNothingAndProvideThrProvider(root, locator), root);
        assertTrue(report.contains("module " + root + ".forkjoin: [exports"), report);
        assertTrue(report.contains("module " + root + ".threads: [does not declare"), report);
        assertTrue(report.contains("META-INF/services"), report);
    }

    @Test
    void serverPartsDoNotDependOnEachOther_bioUsesBlocking_fails() {
        String root = FIXTURES + "serverparts";
        String report = failure(ThrjobRules.serverPartsDoNotDependOnEachOther(root), root);
        assertTrue(report.contains(root + ".bio.BioJob"), report);
        assertTrue(report.contains(root + ".blocking.BlockingCommand"), report);
    }

    @Test
    void onlyServerUsesServerParts_tckUsesBio_fails() {
        String root = FIXTURES + "onlyserver";
        String report = failure(ThrjobRules.onlyServerUsesServerParts(root), root);
        assertTrue(report.contains(root + ".tck.TckUsesBio"), report);
        assertFalse(report.contains(root + ".server.Wiring"), report);
    }

    @Test
    void commandModulesUseOnlyTheModuleApi_moduleUsesBio_fails() {
        String root = FIXTURES + "commandmodules";
        String report = failure(ThrjobRules.commandModulesUseOnlyTheModuleApi(root), root);
        assertTrue(report.contains(root + ".modules.bad.UsesBio"), report);
        assertFalse(report.contains(root + ".modules.good.UsesBlocking"), report);
    }

    @Test
    void apiDependsOnTheJdkOnly_apiUsesSlf4j_fails() {
        String root = FIXTURES + "apijdkonly";
        String report = failure(ThrjobRules.apiDependsOnTheJdkOnly(root), root);
        assertTrue(report.contains(root + ".api.ApiLogs") && report.contains("org.slf4j"), report);
        assertFalse(report.contains("SpiUsesJdk"), report);
    }

    @Test
    void librariesLogThroughSlf4jApiOnly_libraryUsesJul_fails() {
        String root = FIXTURES + "logging";
        String report = failure(ThrjobRules.librariesLogThroughSlf4jApiOnly(root), root);
        assertTrue(report.contains(root + ".forkjoin.JulLogging"), report);
        assertFalse(report.contains("DemoLogging"), report);
    }

    @Test
    void librariesDoNotPrint_libraryPrintsToStandardStreams_fails() {
        String root = FIXTURES + "printing";
        String report = failure(ThrjobRules.librariesDoNotPrint(root), root);
        assertTrue(report.contains(root + ".forkjoin.Printing.report"), report);
        assertTrue(report.contains(root + ".forkjoin.StackTracePrinting.report"), report);
        assertTrue(report.contains(root + ".forkjoin.LoggingFallback.warn"), report);
        assertFalse(report.contains("HandlerFallback"), report);
        assertFalse(report.contains("OutputCapture"), report);
        assertFalse(report.contains(root + ".examples"), report);
    }

    @Test
    void libraryModulesRequireNoLoggingBinding_bioRequiresSlf4jSimple_fails() {
        String root = FIXTURES + "bindingmodule";
        ThrModule.Locator locator = locator(
                new ThrModule.Declared(ModuleDescriptor.newModule(root + ".bio")
                        .requires("org.slf4j").requires("org.slf4j.simple")
                        .packages(Set.of(root + ".bio")).build(), Set.of()),
                new ThrModule.Declared(ModuleDescriptor.newModule(root + ".server")
                        .requires("org.slf4j").requires("org.slf4j.simple")
                        .packages(Set.of(root + ".server")).build(), Set.of()));
        String report = failure(ThrjobRules.libraryModulesRequireNoLoggingBinding(root, locator), root);
        assertTrue(report.contains("module " + root + ".bio requires [org.slf4j.simple]"), report);
        assertFalse(report.contains("module " + root + ".server"), report);
    }

    @Test
    void modulesExportOnlyApiPackages_internalExportedAndImplNotInternal_fails() {
        String root = FIXTURES + "exportinternal";
        ThrModule.Locator locator = locator(new ThrModule.Declared(ModuleDescriptor.newModule(root + ".blocking")
                .exports(root + ".blocking")
                .exports(root + ".blocking.internal")
                .packages(Set.of(root + ".blocking.impl"))
                .build(), Set.of()));
        String report = failure(ThrjobRules.modulesExportOnlyApiPackages(root, locator), root);
        assertTrue(report.contains("exports " + root + ".blocking.internal to everyone"), report);
        assertTrue(report.contains("package " + root + ".blocking.impl is neither exported nor named internal"), report);
    }

    @Test
    void modulesExportOnlyApiPackages_internalExportedToOneModule_passes() {
        String root = FIXTURES + "exportinternal";
        ThrModule.Locator locator = locator(new ThrModule.Declared(ModuleDescriptor.newModule(root + ".blocking")
                .exports(root + ".blocking")
                .exports(Set.of(), root + ".blocking.internal", Set.of("org.thrjob.it"))
                .build(), Set.of()));
        // A qualified export is how STYLE.md says a test hook is opened: not a violation.
        ThrjobRules.modulesExportOnlyApiPackages(root, locator).check(fixture(root));
    }

    @Test
    void internalPackagesAreUsedByTheirModuleOnly_serverUsesBioInternal_fails() {
        String root = FIXTURES + "internaluse";
        String report = failure(ThrjobRules.internalPackagesAreUsedByTheirModuleOnly(root), root);
        assertTrue(report.contains(root + ".server.Wiring"), report);
        assertFalse(report.contains(root + ".bio.Bio."), report);
    }

    @Test
    void modulesAreFreeOfCycles_alphaAndBetaUseEachOther_fails() {
        String root = FIXTURES + "cycles";
        String report = failure(ThrjobRules.modulesAreFreeOfCycles(root), root);
        assertTrue(report.contains("Cycle detected"), report);
    }

    private static JavaClasses fixture(String root) {
        return new ClassFileImporter().importPackages(root);
    }

    /** Checks {@code rule} on the fixture tree {@code root}, which must violate it; returns the report. */
    private static String failure(ArchRule rule, String root) {
        JavaClasses classes = fixture(root);
        assertFalse(classes.isEmpty(), "fixture " + root + " was not found on the test class path");
        return assertThrows(AssertionError.class, () -> rule.check(classes),
                () -> "rule '" + rule.getDescription() + "' did not fail on fixture " + root).getMessage();
    }

    /** A locator over built descriptors, in place of the class path. */
    private static ThrModule.Locator locator(ThrModule.Declared... modules) {
        return packageName -> {
            for (ThrModule.Declared m : modules) {
                if (m.descriptor().packages().contains(packageName)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        };
    }
}
