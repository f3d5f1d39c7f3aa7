package org.thrjob.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The rules of DESIGN.md's "Modules" section, as ArchUnit rules.
 *
 * <p>Each rule is written once, as a factory taking the package root (and, for descriptor rules, a
 * {@link ThrModule.Locator}); the fields apply it to {@code org.thrjob} and the class path, and
 * {@code ThrjobRulesFailTest} applies the same factory to a violating fixture under
 * {@code org.thrjob.arch.fixtures} to show that it can fail. Rules about modules that do not exist
 * yet (bio, blocking, ichannel, server, threads) are already written for their packages and allow
 * an empty "should".
 *
 * <p>Exceptions are justified where they are made: the test harness packages ({@link Layout#HARNESS})
 * may name anything, applications ({@link Layout#APPLICATIONS}) may write to standard output and
 * ship a binding, and a failure handler's fallback may print to {@code System.err}.
 */
final class ThrjobRules {

    /** The real code's root package. */
    static final String ROOT = "org.thrjob";

    /** The provider service, by name: descriptors and services files name it as a string. */
    static final String THR_PROVIDER = "org.thrjob.api.spi.ThrProvider";

    /** Module names of slf4j bindings and other logging back ends a library must not require. */
    static final Set<String> BINDING_MODULES = Set.of(
            "org.slf4j.simple", "org.slf4j.jul", "org.slf4j.nop", "org.slf4j.reload4j",
            "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.apache.logging.log4j.slf4j2.impl", "org.apache.logging.log4j.slf4j.impl",
            "java.logging");

    /** Packages of logging APIs other than slf4j-api, and of slf4j bindings. */
    static final String[] OTHER_LOGGING_PACKAGES = {
        "java.util.logging..", "org.apache.logging..", "org.apache.log4j..", "org.apache.commons.logging..",
        "ch.qos.logback..", "org.slf4j.simple..", "org.slf4j.jul..", "org.slf4j.nop..", "org.slf4j.reload4j..",
        "org.tinylog.."};

    // ---------------------------------------------------------------- rule 1: providers via ServiceLoader

    /** Rule 1: nothing but tests names a class of a provider module. */
    @ArchTest
    static final ArchRule PROVIDERS_ARE_REACHED_ONLY_THROUGH_SERVICE_LOADER =
            providersAreReachedOnlyThroughServiceLoader(ROOT);

    static ArchRule providersAreReachedOnlyThroughServiceLoader(String root) {
        return classes().that(resideInAPackage(root + "..")).and(not(inSegments(root, Layout.HARNESS, "are in the test harness")).as("are not in the test harness"))
                .should(haveNoDependencyWhere("depend on a class of another module that is a provider",
                        (origin, target) -> Layout.inProviderModule(root, target)
                                && !Layout.segmentOf(root, target).equals(Layout.segmentOf(root, origin))))
                .allowEmptyShould(true)
                .because("operators choose the provider at deploy time by the jar on the path or -Dthr.provider, "
                        + "so providers are reached only through ServiceLoader (DESIGN.md, Rules); only tests/* "
                        + "may name a provider's classes");
    }

    // ---------------------------------------------------------------- rule 2: provider descriptors

    /** Rule 2: provider modules export and open nothing and provide ThrProvider, on both paths. */
    @ArchTest
    static final ArchRule PROVIDER_MODULES_EXPORT_NOTHING_AND_PROVIDE_THR_PROVIDER =
            providerModulesExportNothingAndProvideThrProvider(ROOT, ClassPathModules::ofPackage);

    static ArchRule providerModulesExportNothingAndProvideThrProvider(String root, ThrModule.Locator locator) {
        DescribedPredicate<ThrModule> providerModules = describe("are provider modules",
                m -> m.descriptor().provides().stream().anyMatch(p -> p.service().equals(THR_PROVIDER))
                        || Layout.KNOWN_PROVIDERS.contains(m.segment())
                        || m.classes().stream().anyMatch(Layout::isProviderImplementation));
        return all(ThrModule.modulesOf(root, locator)).that(providerModules)
                .should(new ArchCondition<ThrModule>("export and open nothing, provide " + THR_PROVIDER
                        + " with each of their implementations and list the same in META-INF/services") {
                    @Override
                    public void check(ThrModule module, ConditionEvents events) {
                        List<String> problems = providerDescriptorProblems(module);
                        events.add(new SimpleConditionEvent(module, problems.isEmpty(),
                                module + (problems.isEmpty() ? " is a well-formed provider" : ": " + problems)));
                    }
                })
                .allowEmptyShould(true)
                .because("a provider is an implementation chosen at run time: exporting a package would let "
                        + "applications name its classes, and without 'provides' (module path) and "
                        + "META-INF/services (class path) ServiceLoader would not find it the same way on both");
    }

    private static List<String> providerDescriptorProblems(ThrModule module) {
        ModuleDescriptor d = module.descriptor();
        List<String> problems = new ArrayList<>();
        if (!d.exports().isEmpty()) {
            problems.add("exports " + d.exports());
        }
        if (d.isOpen() || !d.opens().isEmpty()) {
            problems.add("opens " + (d.isOpen() ? "everything" : d.opens()));
        }
        Set<String> provided = d.provides().stream()
                .filter(p -> p.service().equals(THR_PROVIDER))
                .flatMap(p -> p.providers().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> implementations = module.classes().stream()
                .filter(Layout::isProviderImplementation)
                .filter(c -> c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC))
                .map(JavaClass::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (provided.isEmpty()) {
            problems.add("does not declare 'provides " + THR_PROVIDER + " with ...'");
        }
        if (!provided.containsAll(implementations)) {
            problems.add("provides " + provided + " but holds public implementations " + implementations);
        }
        if (!module.declared().servicesFile().equals(provided)) {
            problems.add("META-INF/services/" + THR_PROVIDER + " lists " + module.declared().servicesFile()
                    + " but the descriptor provides " + provided);
        }
        return problems;
    }

    // ---------------------------------------------------------------- rule 3: bio, blocking, ichannel

    /** Rule 3a: bio, blocking and ichannel do not depend on each other. */
    @ArchTest
    static final ArchRule SERVER_PARTS_DO_NOT_DEPEND_ON_EACH_OTHER = serverPartsDoNotDependOnEachOther(ROOT);

    static ArchRule serverPartsDoNotDependOnEachOther(String root) {
        SliceAssignment parts = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String segment = Layout.segmentOf(root, c);
                return Layout.SERVER_PARTS.contains(segment) ? SliceIdentifier.of(segment) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the modules " + Layout.SERVER_PARTS + " under " + root;
            }
        };
        return slices().assignedFrom(parts).should().notDependOnEachOther()
                .allowEmptyShould(true)
                .because("bio, modules-blocking and ichannel-bridge meet only through thr-api types (a job "
                        + "replies to a blocked client or a channel slot without knowing which module made it); "
                        + "server is the one place that wires them (DESIGN.md, Rules)");
    }

    /** Rule 3b: only server (and tests) may depend on bio, blocking and ichannel. */
    @ArchTest
    static final ArchRule ONLY_SERVER_USES_SERVER_PARTS = onlyServerUsesServerParts(ROOT);

    static ArchRule onlyServerUsesServerParts(String root) {
        Set<String> allowed = new TreeSet<>(Layout.HARNESS);
        allowed.add(Layout.SERVER);
        allowed.addAll(Layout.SERVER_PARTS);
        allowed.add(Layout.COMMAND_MODULES); // rule 3c says what they may use
        return noClasses().that(resideInAPackage(root + "..")).and(not(inSegments(root, allowed, "are in " + allowed)).as("are not in " + allowed))
                .should().dependOnClassesThat(inSegments(root, Layout.SERVER_PARTS, "are in " + Layout.SERVER_PARTS))
                .allowEmptyShould(true)
                .because("the module table lets only server depend on bio, modules-blocking and ichannel-bridge: "
                        + "the api and the providers stay below them");
    }

    /**
     * Rule 3c: command modules use modules-blocking's public API and thr-api only: not bio,
     * ichannel, server, nor modules-blocking's internals, as a third-party plugin could not.
     */
    @ArchTest
    static final ArchRule COMMAND_MODULES_USE_ONLY_THE_MODULE_API = commandModulesUseOnlyTheModuleApi(ROOT);

    static ArchRule commandModulesUseOnlyTheModuleApi(String root) {
        Set<String> forbidden = new TreeSet<>(Layout.SERVER_PARTS);
        forbidden.remove("blocking");
        forbidden.add(Layout.SERVER);
        return noClasses().that(inSegments(root, Set.of(Layout.COMMAND_MODULES), "are command modules"))
                .should().dependOnClassesThat(inSegments(root, forbidden, "are in " + forbidden))
                .orShould().dependOnClassesThat().resideInAPackage(root + ".blocking..internal..")
                .allowEmptyShould(true)
                .because("a command module is packaged as a third-party plugin: the server finds it through"
                        + " ServiceLoader and hands it modules-blocking's API, its runtime included");
    }

    // ---------------------------------------------------------------- rule 4: thr-api needs the JDK only

    /** Rule 4: thr-api depends on nothing but the JDK. */
    @ArchTest
    static final ArchRule API_DEPENDS_ON_THE_JDK_ONLY = apiDependsOnTheJdkOnly(ROOT);

    static ArchRule apiDependsOnTheJdkOnly(String root) {
        return classes().that().resideInAPackage(root + ".api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".api..")
                .because("thr-api has no dependency at all, not even slf4j: every user and provider can take "
                        + "it without pulling anything in; this also keeps the SPI free of provider classes "
                        + "(DESIGN.md, Rules)");
    }

    // ---------------------------------------------------------------- rule 5: logging

    /** Rule 5a: libraries log through slf4j-api and no other logging API or binding. */
    @ArchTest
    static final ArchRule LIBRARIES_LOG_THROUGH_SLF4J_API_ONLY = librariesLogThroughSlf4jApiOnly(ROOT);

    static ArchRule librariesLogThroughSlf4jApiOnly(String root) {
        return noClasses().that(libraries(root))
                .should().dependOnClassesThat().resideInAnyPackage(OTHER_LOGGING_PACKAGES)
                .allowEmptyShould(true)
                .because("libraries log through slf4j-api and ship no binding: the application (server) "
                        + "chooses where logs go (DESIGN.md, Rules); thr-api, which may not depend on slf4j, "
                        + "uses java.lang.System.Logger, which slf4j can receive");
    }

    /** Rule 5b: libraries do not print to standard output or error. */
    @ArchTest
    static final ArchRule LIBRARIES_DO_NOT_PRINT = librariesDoNotPrint(ROOT);

    static ArchRule librariesDoNotPrint(String root) {
        return classes().that(libraries(root))
                .should(new ArchCondition<JavaClass>("not write to System.out or System.err, nor call "
                        + "Throwable.printStackTrace(), except in a failure handler's fallback") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        for (JavaFieldAccess access : c.getFieldAccessesFromSelf()) {
                            boolean stdout = access.getTargetOwner().isEquivalentTo(System.class)
                                    && (access.getName().equals("out") || access.getName().equals("err"));
                            if (stdout && !isFailureHandlerFallback(access) && !capturesOutput(access)) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                            }
                        }
                        for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
                            boolean printStackTrace = call.getName().equals("printStackTrace")
                                    && call.getTarget().getRawParameterTypes().isEmpty()
                                    && call.getTargetOwner().isAssignableTo(Throwable.class);
                            if (printStackTrace && !isFailureHandlerFallback(call)) {
                                events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true)
                .because("logs go through slf4j so the application routes them; the one exception is "
                        + "FailureHandler's documented fallback: a handler that throws is printed to "
                        + "System.err (SPEC rule 2.5), and so is a failure whose default slf4j report threw: "
                        + "the reporting itself is what failed. That exception is recognised as a method of a "
                        + "failure-reporting class (one that calls FailureHandler.jobFailed) that also makes "
                        + "the report");
    }

    /**
     * True for a failure handler's fallback: the print happens in a method that reports a job's
     * failure, either to the configured handler ({@code FailureHandler.jobFailed}) or, in a class
     * that also calls the handler, to the default slf4j error. When that report itself throws (a
     * handler that throws, a broken binding), {@code System.err} is the only place left that
     * cannot fail the same way. Anywhere else a print is a violation.
     */
    private static boolean isFailureHandlerFallback(JavaAccess<?> access) {
        JavaCodeUnit unit = access.getOrigin();
        if (callsFailureHandler(unit)) {
            return true;
        }
        boolean logsError = unit.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("error")
                && call.getTargetOwner().isAssignableTo("org.slf4j.Logger"));
        return logsError && unit.getOwner().getCodeUnits().stream().anyMatch(ThrjobRules::callsFailureHandler);
    }

    /**
     * True when the reading method swaps the stream itself ({@code System.setErr} or
     * {@code System.setOut}): it saves the original to capture what others print and puts it back
     * afterwards, as the TCK does to check the default failure report. Reading the field to restore
     * it prints nothing.
     */
    private static boolean capturesOutput(JavaAccess<?> access) {
        return access.getOrigin().getMethodCallsFromSelf().stream().anyMatch(call ->
                call.getTargetOwner().isEquivalentTo(System.class)
                        && (call.getName().equals("setErr") || call.getName().equals("setOut")));
    }

    private static boolean callsFailureHandler(JavaCodeUnit unit) {
        return unit.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("jobFailed")
                && call.getTargetOwner().isAssignableTo("org.thrjob.api.FailureHandler"));
    }

    /** Rule 5c: library modules require no logging back end. */
    @ArchTest
    static final ArchRule LIBRARY_MODULES_REQUIRE_NO_LOGGING_BINDING =
            libraryModulesRequireNoLoggingBinding(ROOT, ClassPathModules::ofPackage);

    static ArchRule libraryModulesRequireNoLoggingBinding(String root, ThrModule.Locator locator) {
        Set<String> notLibraries = new TreeSet<>(Layout.HARNESS);
        notLibraries.addAll(Layout.APPLICATIONS);
        return all(ThrModule.modulesOf(root, locator))
                .that(not(ThrModule.segmentIn(notLibraries, "are applications or tests")).as("are libraries"))
                .should(new ArchCondition<ThrModule>("require no slf4j binding nor java.logging") {
                    @Override
                    public void check(ThrModule module, ConditionEvents events) {
                        Set<String> bindings = module.descriptor().requires().stream()
                                .map(ModuleDescriptor.Requires::name)
                                .filter(BINDING_MODULES::contains)
                                .collect(Collectors.toCollection(TreeSet::new));
                        events.add(new SimpleConditionEvent(module, bindings.isEmpty(),
                                module + (bindings.isEmpty() ? " requires no binding" : " requires " + bindings)));
                    }
                })
                .allowEmptyShould(true)
                .because("a library that requires a binding forces it on every application "
                        + "(DESIGN.md, Rules: libraries ship no binding)");
    }

    // ---------------------------------------------------------------- rule 6: internal packages

    /** Rule 6a: modules export their API packages only; the rest is internal. */
    @ArchTest
    static final ArchRule MODULES_EXPORT_ONLY_API_PACKAGES = modulesExportOnlyApiPackages(ROOT, ClassPathModules::ofPackage);

    static ArchRule modulesExportOnlyApiPackages(String root, ThrModule.Locator locator) {
        return all(ThrModule.modulesOf(root, locator))
                .that(not(ThrModule.segmentIn(Layout.HARNESS, "are tests")).as("are not tests"))
                .should(new ArchCondition<ThrModule>("export or open no internal package to everyone, and name "
                        + "every package they do not export 'internal' (but a provider's own package)") {
                    @Override
                    public void check(ThrModule module, ConditionEvents events) {
                        List<String> problems = exportProblems(module);
                        events.add(new SimpleConditionEvent(module, problems.isEmpty(),
                                module + (problems.isEmpty() ? " exports its API only" : ": " + problems)));
                    }
                })
                .allowEmptyShould(true)
                .because("each module exports only its API packages and keeps its implementation in packages "
                        + "named internal (DESIGN.md, Rules). A qualified 'exports ... to' of an internal "
                        + "package is allowed: it is how a test hook is opened (STYLE.md)");
    }

    private static List<String> exportProblems(ThrModule module) {
        ModuleDescriptor d = module.descriptor();
        List<String> problems = new ArrayList<>();
        d.exports().stream().filter(e -> !e.isQualified() && Layout.isInternal(e.source()))
                .forEach(e -> problems.add("exports " + e.source() + " to everyone"));
        d.opens().stream().filter(o -> !o.isQualified() && Layout.isInternal(o.source()))
                .forEach(o -> problems.add("opens " + o.source() + " to everyone"));
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Set<String> providerPackages = d.provides().stream().flatMap(p -> p.providers().stream())
                .map(name -> name.substring(0, name.lastIndexOf('.'))).collect(Collectors.toSet());
        d.packages().stream().sorted()
                .filter(p -> !exported.contains(p) && !Layout.isInternal(p) && !providerPackages.contains(p))
                .forEach(p -> problems.add("package " + p + " is neither exported nor named internal"));
        return problems;
    }

    /** Rule 6b: a module's internal packages are used by that module only. */
    @ArchTest
    static final ArchRule INTERNAL_PACKAGES_ARE_USED_BY_THEIR_MODULE_ONLY = internalPackagesAreUsedByTheirModuleOnly(ROOT);

    static ArchRule internalPackagesAreUsedByTheirModuleOnly(String root) {
        return classes().that(resideInAPackage(root + "..")).and(not(inSegments(root, Layout.HARNESS, "are in the test harness")).as("are not in the test harness"))
                .should(haveNoDependencyWhere("depend on an internal package of another module",
                        (origin, target) -> Layout.under(root, target.getPackageName())
                                && Layout.isInternal(target.getPackageName())
                                && !Layout.segmentOf(root, target).equals(Layout.segmentOf(root, origin))))
                .allowEmptyShould(true)
                .because("internal packages are implementation: on the class path JPMS does not stop another "
                        + "module from using their public classes, so this rule does (DESIGN.md, Rules)");
    }

    // ---------------------------------------------------------------- also: no cycles between modules

    /** No cycle between thrjob's module package trees. */
    @ArchTest
    static final ArchRule MODULES_ARE_FREE_OF_CYCLES = modulesAreFreeOfCycles(ROOT);

    static ArchRule modulesAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("the module table is a tree from thr-api up to server; a cycle between package "
                        + "trees would be a cycle between modules, which neither Maven nor JPMS can build");
    }

    // ---------------------------------------------------------------- helpers

    /** Library classes: under root, neither applications nor tests. */
    private static DescribedPredicate<JavaClass> libraries(String root) {
        Set<String> notLibraries = new TreeSet<>(Layout.HARNESS);
        notLibraries.addAll(Layout.APPLICATIONS);
        return resideInAPackage(root + "..").and(not(inSegments(root, notLibraries, "are applications or tests")))
                .as("are library classes under " + root);
    }

    private static DescribedPredicate<JavaClass> inSegments(String root, Set<String> segments, String description) {
        return describe(description, c -> segments.contains(Layout.segmentOf(root, c)));
    }

    private static ArchCondition<JavaClass> haveNoDependencyWhere(String description,
            BiPredicate<JavaClass, JavaClass> forbidden) {
        return new ArchCondition<>("not " + description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (forbidden.test(origin, target)) {
                        events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    }
                }
            }
        };
    }

    private ThrjobRules() {
    }
}
