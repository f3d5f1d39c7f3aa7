package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact module descriptor: modules-blocking exports its API package alone and uses CommandModule, requires the API (transitively,
 * as its signatures use it) and slf4j, and nothing else: no provider, no other thrjob module.
 */
class ModuleDescriptorTest {

    /** The compiled module as an exploded module, so that its packages are scanned too. */
    private static ModuleDescriptor descriptor() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.exists(classes.resolve("module-info.class")),
                "run from the modules-blocking directory after compile: " + classes.toAbsolutePath());
        return ModuleFinder.of(classes).find("org.thrjob.blocking").orElseThrow().descriptor();
    }

    @Test
    void descriptor_nameExportsRequires_exactlyTheApi() {
        ModuleDescriptor module = descriptor();
        assertEquals("org.thrjob.blocking", module.name());
        assertFalse(module.isOpen());
        assertEquals(Set.of("org.thrjob.blocking"), module.exports().stream()
                .peek(e -> assertFalse(e.isQualified(), "no qualified export: " + e))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Map<String, Set<Requires.Modifier>> requires = new TreeMap<>();
        for (Requires r : module.requires()) {
            requires.put(r.name(), r.modifiers());
        }
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "org.thrjob.api", Set.of(Requires.Modifier.TRANSITIVE),
                "org.slf4j", Set.of()), requires);
        assertEquals(Set.of("org.thrjob.blocking.CommandModule"), module.uses());
        assertEquals(Set.of(), module.provides().stream().map(ModuleDescriptor.Provides::service).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.opens());
        assertEquals(Set.of("org.thrjob.blocking", "org.thrjob.blocking.internal"), module.packages());
    }
}
