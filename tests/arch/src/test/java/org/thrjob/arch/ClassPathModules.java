package org.thrjob.arch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The explicit module descriptors ({@code module-info.class}) found on this JVM's class path, read
 * with the packages each class-path entry really holds.
 *
 * <p>Tests run on the class path, so {@code java.lang.Module} says nothing; this reads each jar or
 * class directory the way the module path would. Entries without a {@code module-info.class}
 * (automatic modules, plain jars) are skipped: thrjob's modules are all explicit.
 */
final class ClassPathModules {

    /** A descriptor and the jar or directory it was read from. */
    record Found(ModuleDescriptor descriptor, Path location) {

        /** What this module declares, for {@link ThrModule}. */
        ThrModule.Declared declared() {
            return new ThrModule.Declared(descriptor, servicesFile(location, ThrjobRules.THR_PROVIDER));
        }
    }

    private static final Map<String, Found> BY_NAME = scan();

    private ClassPathModules() {
    }

    /** Every explicit module on the class path, by name. */
    static Map<String, Found> all() {
        return BY_NAME;
    }

    /**
     * The module named {@code name}.
     *
     * @throws AssertionError when it is not on the class path, naming what was found
     */
    static Found named(String name) {
        Found found = BY_NAME.get(name);
        if (found == null) {
            throw new AssertionError("module " + name + " is not on the class path of tests/arch; found "
                    + BY_NAME.keySet() + ". Add its artifact to tests/arch/pom.xml.");
        }
        return found;
    }

    /** The explicit module holding {@code packageName}, if any: the class-path {@link ThrModule.Locator}. */
    static Optional<ThrModule.Declared> ofPackage(String packageName) {
        return BY_NAME.values().stream()
                .filter(f -> f.descriptor().packages().contains(packageName))
                .map(Found::declared)
                .findFirst();
    }

    /**
     * The provider classes listed in {@code META-INF/services/<service>} of a jar or directory, as
     * {@code ServiceLoader} reads them on the class path: comments and blanks dropped.
     */
    static Set<String> servicesFile(Path entry, String service) {
        String name = "META-INF/services/" + service;
        try {
            if (Files.isDirectory(entry)) {
                Path file = entry.resolve(name);
                return Files.isRegularFile(file) ? providerNames(Files.readString(file)) : Set.of();
            }
            try (JarFile jar = new JarFile(entry.toFile())) {
                JarEntry file = jar.getJarEntry(name);
                if (file == null) {
                    return Set.of();
                }
                try (InputStream in = jar.getInputStream(file)) {
                    return providerNames(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of " + entry, e);
        }
    }

    private static Set<String> providerNames(String text) {
        return text.lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Found> scan() {
        Map<String, Found> modules = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            read(path).ifPresent(d -> modules.put(d.name(), new Found(d, path)));
        }
        return Map.copyOf(modules);
    }

    /** The descriptor of one class-path entry, with its packages; empty when it has none. */
    static Optional<ModuleDescriptor> read(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                Path info = entry.resolve("module-info.class");
                if (!Files.isRegularFile(info)) {
                    return Optional.empty();
                }
                try (InputStream in = Files.newInputStream(info)) {
                    return Optional.of(ModuleDescriptor.read(in, () -> directoryPackages(entry)));
                }
            }
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    JarEntry info = jar.getJarEntry("module-info.class");
                    if (info == null) {
                        return Optional.empty();
                    }
                    Supplier<Set<String>> packages = () -> jarPackages(jar);
                    try (InputStream in = jar.getInputStream(info)) {
                        return Optional.of(ModuleDescriptor.read(in, packages));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the module descriptor of " + entry, e);
        }
    }

    private static Set<String> directoryPackages(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(root::relativize)
                    .filter(f -> f.getParent() != null)
                    .map(f -> f.getParent().toString().replace(root.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the packages of " + root, e);
        }
    }

    private static Set<String> jarPackages(JarFile jar) {
        Set<String> packages = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            names.add(e.nextElement().getName());
        }
        for (String name : names) {
            int slash = name.lastIndexOf('/');
            if (name.endsWith(".class") && slash > 0 && !name.startsWith("META-INF/")) {
                packages.add(name.substring(0, slash).replace('/', '.'));
            }
        }
        return packages;
    }
}
