package org.thrjob.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Guards the rules against passing on nothing: the import that {@link ThrjobArchTest} uses must see
 * every module tests/arch depends on, and the module view must find their descriptors.
 */
class ImportedCodeTest {

    /** Modules on tests/arch's class path today (the command modules of modules-examples included). */
    private static final Set<String> EXPECTED_MODULES = Set.of("org.thrjob.api", "org.thrjob.forkjoin",
            "org.thrjob.threads", "org.thrjob.bio", "org.thrjob.blocking", "org.thrjob.ichannel",
            "org.thrjob.server", "org.thrjob.tck", "org.thrjob.modules.helloblock", "org.thrjob.modules.helloseed",
            "org.thrjob.modules.block", "org.thrjob.modules.blockonkeys", "org.thrjob.modules.blockedclient");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ThrjobRules.ROOT);

    @Test
    void productionImport_withoutTests_holdsEveryExpectedModuleTree() {
        Set<String> trees = PRODUCTION.stream()
                .map(c -> ThrjobRules.ROOT + "." + Layout.segmentOf(ThrjobRules.ROOT, c))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = EXPECTED_MODULES.stream()
                .map(m -> ThrjobRules.ROOT + "." + Layout.segmentOf(ThrjobRules.ROOT, m))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(trees.containsAll(expected), "imported module trees " + trees + ", expected " + expected);
    }

    @Test
    void productionImport_withoutTests_holdsNoTestClass() {
        Set<String> tests = PRODUCTION.stream()
                .map(JavaClass::getName)
                .filter(name -> name.startsWith("org.thrjob.arch") || name.endsWith("Test"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(tests.isEmpty(), "test classes imported as production code: " + tests);
    }

    @Test
    void modulesOf_productionImport_findsTheExplicitDescriptorOfEveryExpectedModule() {
        Iterable<ThrModule> modules = ThrModule.modulesOf(ThrjobRules.ROOT, ClassPathModules::ofPackage)
                .transform(PRODUCTION);
        Set<String> names = StreamSupport.stream(modules.spliterator(), false)
                .map(m -> m.descriptor().name())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.containsAll(EXPECTED_MODULES), "modules found " + names + ", expected " + EXPECTED_MODULES);
    }
}
