package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact module descriptor: ichannel exports its API package alone, requires the API
 * (transitively, as its signatures use it) and slf4j, and nothing else: no provider, no other
 * thrjob module.
 */
class ModuleDescriptorTest {

    private static ModuleDescriptor descriptor() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.exists(classes.resolve("module-info.class")),
                "run from the ichannel-bridge directory after compile: " + classes.toAbsolutePath());
        return ModuleFinder.of(classes).find("org.thrjob.ichannel").orElseThrow().descriptor();
    }

    @Test
    void descriptor_nameExportsRequires_exactlyTheApi() {
        ModuleDescriptor module = descriptor();
        assertEquals("org.thrjob.ichannel", module.name());
        assertFalse(module.isOpen());
        assertEquals(Set.of("org.thrjob.ichannel"), module.exports().stream()
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
        assertEquals(Set.of(), module.uses());
        assertEquals(Set.of(), module.provides());
        assertEquals(Set.of(), module.opens());
        assertEquals(Set.of("org.thrjob.ichannel", "org.thrjob.ichannel.internal"), module.packages());
    }
}
