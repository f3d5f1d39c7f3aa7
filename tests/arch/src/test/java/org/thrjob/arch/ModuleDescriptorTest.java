package org.thrjob.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.thrjob.api.spi.ThrProvider;

/**
 * A test per module that checks its exact descriptor, as read from its jar (or class directory) on
 * the class path: name, exports, opens, uses, provides and requires. A change to a
 * {@code module-info.java} must change this test too, on purpose.
 */
class ModuleDescriptorTest {

    private static final String FORKJOIN_PROVIDER = "org.thrjob.forkjoin.ForkJoinThrProvider";
    private static final String THREADS_PROVIDER = "org.thrjob.threads.ThreadsThrProvider";

    @Test
    void apiDescriptor_readFromItsJar_exportsApiAndSpiUsesThrProviderRequiresJavaBaseOnly() {
        ModuleDescriptor api = ClassPathModules.named("org.thrjob.api").descriptor();

        assertEquals(Set.of("org.thrjob.api", "org.thrjob.api.spi"), unqualifiedExports(api));
        assertEquals(api.exports().size(), unqualifiedExports(api).size(), "qualified exports: " + api.exports());
        assertEquals(Set.of(), api.opens());
        assertEquals(Set.of(ThrjobRules.THR_PROVIDER), api.uses());
        assertEquals(Set.of(), api.provides());
        assertEquals(Map.of("java.base", Set.of(Requires.Modifier.MANDATED)), requires(api));
        assertEquals(Set.of("org.thrjob.api", "org.thrjob.api.spi"), api.packages(),
                "every package of thr-api is exported: it has no implementation package");
    }

    @Test
    void forkjoinDescriptor_readFromItsJar_exportsNothingAndProvidesForkJoinThrProvider() {
        ModuleDescriptor forkjoin = ClassPathModules.named("org.thrjob.forkjoin").descriptor();

        assertEquals(Set.of(), forkjoin.exports());
        assertEquals(Set.of(), forkjoin.opens());
        assertFalse(forkjoin.isOpen(), "org.thrjob.forkjoin must not be an open module");
        assertEquals(Set.of(), forkjoin.uses());
        assertEquals(Map.of(ThrjobRules.THR_PROVIDER, List.of(FORKJOIN_PROVIDER)), provides(forkjoin));
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "org.thrjob.api", Set.of(),
                "org.slf4j", Set.of(),
                "com.google.auto.service", Set.of(Requires.Modifier.STATIC)), requires(forkjoin));
    }

    @Test
    void forkjoinServicesFile_readFromItsJar_listsTheProviderTheDescriptorProvides() {
        ClassPathModules.Found forkjoin = ClassPathModules.named("org.thrjob.forkjoin");

        assertEquals(Set.of(FORKJOIN_PROVIDER), ClassPathModules.servicesFile(forkjoin.location(), ThrjobRules.THR_PROVIDER),
                "META-INF/services/" + ThrjobRules.THR_PROVIDER + " of " + forkjoin.location());
    }

    @Test
    void serviceLoader_onTheClassPath_findsForkjoinByNameWithItsPriority() {
        List<ThrProvider> found = ServiceLoader.load(ThrProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getName().equals(FORKJOIN_PROVIDER))
                .collect(Collectors.toList());

        assertEquals(1, found.size(), "class-path ServiceLoader found " + found);
        assertEquals("forkjoin", found.get(0).name());
        assertEquals(100, found.get(0).priority(), "ThrProvider.priority(): thrjob's forkjoin provider uses 100");
    }

    @Test
    void threadsDescriptor_readFromItsJar_exportsNothingAndProvidesThreadsThrProvider() {
        ModuleDescriptor threads = ClassPathModules.named("org.thrjob.threads").descriptor();

        assertEquals(Set.of(), threads.exports());
        assertEquals(Set.of(), threads.opens());
        assertFalse(threads.isOpen(), "org.thrjob.threads must not be an open module");
        assertEquals(Set.of(), threads.uses());
        assertEquals(Map.of(ThrjobRules.THR_PROVIDER, List.of(THREADS_PROVIDER)), provides(threads));
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "org.thrjob.api", Set.of(),
                "org.slf4j", Set.of(),
                "com.google.auto.service", Set.of(Requires.Modifier.STATIC)), requires(threads));
    }

    @Test
    void threadsServicesFile_readFromItsJar_listsTheProviderTheDescriptorProvides() {
        ClassPathModules.Found threads = ClassPathModules.named("org.thrjob.threads");

        assertEquals(Set.of(THREADS_PROVIDER), ClassPathModules.servicesFile(threads.location(), ThrjobRules.THR_PROVIDER),
                "META-INF/services/" + ThrjobRules.THR_PROVIDER + " of " + threads.location());
    }

    @Test
    void serviceLoader_onTheClassPath_findsThreadsByNameWithItsPriority() {
        List<ThrProvider> found = ServiceLoader.load(ThrProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getName().equals(THREADS_PROVIDER))
                .collect(Collectors.toList());

        assertEquals(1, found.size(), "class-path ServiceLoader found " + found);
        assertEquals("threads", found.get(0).name());
        assertEquals(200, found.get(0).priority(), "ThrProvider.priority(): thrjob's threads provider uses 200");
    }

    @Test
    void tckDescriptor_readFromItsJar_exportsTheTckOpenToJUnitOnly() {
        ModuleDescriptor tck = ClassPathModules.named("org.thrjob.tck").descriptor();

        assertEquals(Set.of("org.thrjob.tck"), unqualifiedExports(tck));
        assertEquals(tck.exports().size(), unqualifiedExports(tck).size(), "qualified exports: " + tck.exports());
        assertEquals(Map.of("org.thrjob.tck", Set.of("org.junit.platform.commons")), opens(tck));
        // ProviderLookupTck compares a provider with what ServiceLoader finds on the module path.
        assertEquals(Set.of("org.thrjob.api.spi.ThrProvider"), tck.uses());
        assertEquals(Set.of(), tck.provides());
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "org.thrjob.api", Set.of(Requires.Modifier.TRANSITIVE),
                "org.junit.jupiter.api", Set.of(Requires.Modifier.TRANSITIVE),
                "org.junit.jupiter.params", Set.of()), requires(tck));
    }

    @Test
    void thrjobModules_onTheClassPath_noneRequiresAProviderModule() {
        Map<String, Set<String>> offenders = new TreeMap<>();
        ClassPathModules.all().values().stream()
                .map(ClassPathModules.Found::descriptor)
                .filter(d -> d.name().startsWith(ThrjobRules.ROOT + "."))
                .forEach(d -> d.requires().stream()
                        .map(Requires::name)
                        .filter(name -> ClassPathModules.all().containsKey(name))
                        .filter(name -> ClassPathModules.named(name).descriptor().provides().stream()
                                .anyMatch(p -> p.service().equals(ThrjobRules.THR_PROVIDER)))
                        .forEach(name -> offenders.computeIfAbsent(d.name(), k -> new TreeSet<>()).add(name)));
        assertTrue(offenders.isEmpty(), "modules requiring a provider module (reach it through ServiceLoader): " + offenders);
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, List<String>> provides(ModuleDescriptor d) {
        return d.provides().stream().collect(Collectors.toMap(
                ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, Set<String>> opens(ModuleDescriptor d) {
        return d.opens().stream().collect(Collectors.toMap(
                ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets, (a, b) -> a, TreeMap::new));
    }

    private static Map<String, Set<Requires.Modifier>> requires(ModuleDescriptor d) {
        return d.requires().stream().collect(Collectors.toMap(Requires::name, Requires::modifiers, (a, b) -> a, TreeMap::new));
    }
}
