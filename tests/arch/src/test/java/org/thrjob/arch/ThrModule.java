package org.thrjob.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ClassesTransformer;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One JPMS module of thrjob as the module rules see it: its descriptor, what its
 * {@code META-INF/services} file lists for the class path, and its imported classes.
 *
 * <p>ArchUnit imports classes, not modules; {@link #modulesOf} turns imported classes into the
 * modules that hold them (a {@link ClassesTransformer}), so descriptor rules are ArchRules like the
 * others and run on fixtures the same way.
 *
 * @param declared what the module declares
 * @param segment  the module's name below the checked root, e.g. {@code forkjoin}
 * @param classes  its imported classes
 */
record ThrModule(Declared declared, String segment, List<JavaClass> classes) {

    /**
     * What a module declares.
     *
     * @param descriptor   its {@code module-info}
     * @param servicesFile the classes its {@code META-INF/services/org.thrjob.api.spi.ThrProvider}
     *                     lists, empty without one
     */
    record Declared(ModuleDescriptor descriptor, Set<String> servicesFile) {
    }

    /** Finds the module that holds a package: the class path for real code, a map for fixtures. */
    @FunctionalInterface
    interface Locator {

        /** The module declaring {@code packageName}, or empty when it is in no explicit module. */
        Optional<Declared> moduleOf(String packageName);
    }

    ModuleDescriptor descriptor() {
        return declared.descriptor();
    }

    @Override
    public String toString() {
        return "module " + descriptor().name();
    }

    /**
     * The modules holding the imported classes under {@code root}; classes in no explicit module are
     * left out (they are checked by the class rules only).
     */
    static ClassesTransformer<ThrModule> modulesOf(String root, Locator locator) {
        return new AbstractClassesTransformer<>("modules of " + root) {
            @Override
            public Iterable<ThrModule> doTransform(JavaClasses classes) {
                Map<String, Declared> declared = new LinkedHashMap<>();
                Map<String, List<JavaClass>> members = new LinkedHashMap<>();
                for (JavaClass c : classes) {
                    if (!Layout.under(root, c.getPackageName())) {
                        continue;
                    }
                    locator.moduleOf(c.getPackageName()).ifPresent(d -> {
                        declared.putIfAbsent(d.descriptor().name(), d);
                        members.computeIfAbsent(d.descriptor().name(), n -> new ArrayList<>()).add(c);
                    });
                }
                List<ThrModule> modules = new ArrayList<>();
                declared.forEach((name, d) -> modules.add(
                        new ThrModule(d, Layout.segmentOf(root, name), List.copyOf(members.get(name)))));
                return modules;
            }
        };
    }

    /** Modules whose root segment is one of {@code segments}. */
    static DescribedPredicate<ThrModule> segmentIn(Set<String> segments, String description) {
        return DescribedPredicate.describe(description, m -> segments.contains(m.segment()));
    }
}
