package org.thrjob.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaPackage;
import java.util.Optional;
import java.util.Set;

/**
 * DESIGN.md's module table in package terms: every thrjob module owns one package tree
 * {@code <root>.<segment>} ({@code org.thrjob.forkjoin}, {@code org.thrjob.bio}, ...). The rules
 * take the root as a parameter so the same definitions run on the real code
 * ({@code org.thrjob}) and on the violating fixtures ({@code org.thrjob.arch.fixtures.<rule>}).
 */
final class Layout {

    /** Provider modules known by name; any other module holding a ThrProvider implementation is one too. */
    static final Set<String> KNOWN_PROVIDERS = Set.of("forkjoin", "threads");

    /**
     * tests/arch, tests/it's test code and tests/bench: DESIGN gives them "everything", to test
     * and measure internals. (tests/it's main code is the {@code examples} module, which is not
     * exempt: it is written the way applications should be.)
     */
    static final Set<String> HARNESS = Set.of("arch", "it", "bench");

    /** Runnable applications: they may ship an slf4j binding and write to standard output. */
    static final Set<String> APPLICATIONS = Set.of("server", "examples");

    /** The modules that meet only through thr-api types and are wired by {@code server}. */
    static final Set<String> SERVER_PARTS = Set.of("bio", "blocking", "ichannel");

    /**
     * Command modules ({@code org.thrjob.modules.<name>}, modules-examples): packaged as
     * third-party plugins, they use modules-blocking's API as any command module does, and
     * nothing else of the server.
     */
    static final String COMMAND_MODULES = "modules";

    /** The module that composes {@link #SERVER_PARTS}. */
    static final String SERVER = "server";

    private Layout() {
    }

    static boolean under(String root, String packageName) {
        return packageName.startsWith(root + ".");
    }

    /** {@code forkjoin} for {@code org.thrjob.forkjoin.internal} under {@code org.thrjob}; "" outside root. */
    static String segmentOf(String root, String name) {
        if (!under(root, name)) {
            return "";
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static String segmentOf(String root, JavaClass c) {
        return segmentOf(root, c.getBaseComponentType().getPackageName());
    }

    /** True for a package named {@code internal} or below one. */
    static boolean isInternal(String packageName) {
        return ("." + packageName + ".").contains(".internal.");
    }

    /**
     * Whether {@code c} belongs to a provider module: a known provider's package tree, or a module
     * tree that holds a concrete implementation of {@code ThrProvider} (a future provider).
     */
    static boolean inProviderModule(String root, JavaClass c) {
        String segment = segmentOf(root, c);
        if (segment.isEmpty()) {
            return false;
        }
        if (KNOWN_PROVIDERS.contains(segment)) {
            return true;
        }
        Optional<JavaPackage> moduleRoot = moduleRootPackage(root + "." + segment, c.getBaseComponentType().getPackage());
        return moduleRoot.map(p -> p.getClassesInPackageTree().stream().anyMatch(Layout::isProviderImplementation))
                .orElse(false);
    }

    static boolean isProviderImplementation(JavaClass c) {
        return !c.isInterface() && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                && c.isAssignableTo(ThrjobRules.THR_PROVIDER);
    }

    private static Optional<JavaPackage> moduleRootPackage(String moduleRoot, JavaPackage p) {
        JavaPackage current = p;
        while (current != null && !current.getName().equals(moduleRoot)) {
            current = current.getParent().orElse(null);
        }
        return Optional.ofNullable(current);
    }
}
