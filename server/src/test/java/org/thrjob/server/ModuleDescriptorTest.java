package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The exact module descriptor: the server requires the API, bio, blocking, ichannel and slf4j,
 * never a provider (Thr.create() picks one at deploy time), and uses CommandModule so that modules
 * on the module path are bound.
 */
class ModuleDescriptorTest {

    @Test
    void descriptor_requiresThePartsAndNoProvider_usesCommandModule() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.exists(classes.resolve("module-info.class")),
                "run from the server directory after compile: " + classes.toAbsolutePath());
        ModuleDescriptor module = ModuleFinder.of(classes).find("org.thrjob.server").orElseThrow().descriptor();
        Map<String, Set<Requires.Modifier>> requires = new TreeMap<>();
        for (Requires r : module.requires()) {
            requires.put(r.name(), r.modifiers());
        }
        assertEquals(Map.of(
                "java.base", Set.of(Requires.Modifier.MANDATED),
                "org.thrjob.api", Set.of(),
                "org.thrjob.bio", Set.of(),
                "org.thrjob.blocking", Set.of(),
                "org.thrjob.ichannel", Set.of(),
                "org.slf4j", Set.of()), requires);
        assertEquals(Set.of("org.thrjob.blocking.CommandModule"), module.uses());
        assertEquals(Set.of("org.thrjob.server"), module.exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(), module.provides());
    }
}
