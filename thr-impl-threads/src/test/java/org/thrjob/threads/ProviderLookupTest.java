package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * This provider's own facts: its name and priority, and its exact module descriptor. How the
 * provider is found and chosen (SPEC rules 1.1 and 1.2) is checked by the TCK's
 * {@code ProviderLookupTck}.
 */
class ProviderLookupTest {

    @Test
    void provider_nameAndPriority_areThreadsAnd200() {
        ThreadsThrProvider provider = new ThreadsThrProvider();
        assertEquals("threads", provider.name());
        assertEquals(200, provider.priority());
    }

    @Test
    void moduleDescriptor_compiled_isExact() throws IOException {
        Path file = Path.of("target", "classes", "module-info.class");
        assertTrue(Files.exists(file), "module-info.class not found at " + file.toAbsolutePath());
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(file)) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("org.thrjob.threads", descriptor.name());
        assertTrue(descriptor.exports().isEmpty(), "exports: " + descriptor.exports());
        assertTrue(descriptor.opens().isEmpty(), "opens: " + descriptor.opens());
        assertTrue(descriptor.uses().isEmpty(), "uses: " + descriptor.uses());
        assertEquals(1, descriptor.provides().size(), "provides: " + descriptor.provides());
        ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
        assertEquals("org.thrjob.api.spi.ThrProvider", provides.service());
        assertEquals(List.of("org.thrjob.threads.ThreadsThrProvider"), provides.providers());
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "org.thrjob.api", "org.slf4j", "com.google.auto.service"),
                requires);
        ModuleDescriptor.Requires autoService = descriptor.requires().stream()
                .filter(r -> r.name().equals("com.google.auto.service"))
                .findFirst().orElseThrow();
        assertTrue(autoService.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC),
                "auto-service must be required static: " + autoService);
    }
}
