package org.thrjob.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application as users write it, compiled and launched in a child JVM: on the module path
 * ({@code requires org.thrjob.api}, the provider found through {@code provides}), on the class
 * path ({@code META-INF/services}), and with the provider-lookup errors an operator meets (SPEC
 * rules 1.1 and 1.4; docs/PROVIDERS.md).
 *
 * <p>The jars (or {@code target/classes} directories) of the reactor and of slf4j are taken from
 * this test's own class path, by the module each one holds.
 */
@Timeout(300)
class ModulePathLaunchTest {

    /** The bound on each child JVM; it is killed and the test fails with its output past this. */
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

    private static final String MODULE_INFO = """
            module app {
                requires org.thrjob.api;
            }
            """;

    private static final String MAIN = """
            package app;

            import java.util.concurrent.atomic.LongAdder;
            import org.thrjob.api.Syn;
            import org.thrjob.api.Thr;

            public final class Main {
                public static void main(String[] args) {
                    try (Thr thr = Thr.create()) {
                        Syn syn = thr.newSyn();
                        LongAdder sum = new LongAdder();
                        for (int i = 1; i <= 1000; i++) {
                            int x = i;
                            thr.schedule(syn, () -> sum.add(x));
                        }
                        syn.await();
                        Module api = Thr.class.getModule();
                        System.out.println("provider=" + thr.providerName());
                        System.out.println("api=" + (api.isNamed() ? api.getName() : "unnamed"));
                        System.out.println("checksum=" + sum.sum());
                    }
                }
            }
            """;

    @TempDir
    static Path work;

    private static Path app;
    private static Map<String, Path> modules;

    @BeforeAll
    static void compileTheApplication() throws IOException {
        modules = modulesOnClassPath();
        for (String needed : List.of("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j",
                "org.slf4j.simple", "org.thrjob.examples")) {
            assertTrue(modules.containsKey(needed),
                    "module " + needed + " not on the test class path; found " + modules.keySet());
        }
        Path sources = work.resolve("src");
        Files.createDirectories(sources.resolve("app"));
        Path moduleInfo = Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Path main = Files.writeString(sources.resolve("app").resolve("Main.java"), MAIN);
        app = Files.createDirectories(work.resolve("app"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests must run on a JDK, not a JRE");
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(diagnostics, files, null,
                    List.of("--module-path", modules.get("org.thrjob.api").toString(),
                            "-d", app.toString(), "-Xlint:all", "-Werror"),
                    null, files.getJavaFileObjects(moduleInfo, main)).call();
            assertTrue(compiled, "the application did not compile:\n" + diagnostics);
        }
    }

    @Test
    void launch_onTheModulePathWithForkjoinNamed_runsTheJobsOnForkjoin() throws Exception {
        Result result = java(List.of(
                "--module-path", path("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j",
                        "org.slf4j.simple") + File.pathSeparator + app,
                "-Dthr.provider=forkjoin",
                "-m", "app/app.Main"), null);

        result.assertExit(0);
        result.assertContains("provider=forkjoin");
        result.assertContains("api=org.thrjob.api");
        result.assertContains("checksum=500500");
    }

    @Test
    void launch_onTheClassPath_findsForkjoinThroughMetaInfServices() throws Exception {
        // The same classes: module-info.class at the root of a class-path entry is ignored.
        Result result = java(List.of(
                "-cp", path("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j", "org.slf4j.simple")
                        + File.pathSeparator + app,
                "-Dthr.provider=forkjoin",
                "app.Main"), null);

        result.assertExit(0);
        result.assertContains("provider=forkjoin");
        result.assertContains("api=unnamed");
        result.assertContains("checksum=500500");
    }

    @Test
    void launch_unknownProviderAsked_failsNamingItAndListingWhatWasFound() throws Exception {
        Result result = java(List.of(
                "--module-path", path("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j",
                        "org.slf4j.simple") + File.pathSeparator + app,
                "-Dthr.provider=nosuch",
                "-m", "app/app.Main"), null);

        result.assertFailed();
        result.assertContains("org.thrjob.api.ProviderLookupException");
        result.assertContains("No thrjob provider named 'nosuch' (asked by -Dthr.provider)");
        result.assertContains("Found: 'forkjoin'");
        result.assertContains("docs/PROVIDERS.md#unknown-provider");
    }

    @Test
    void launch_unknownProviderInTheEnvironment_failsNamingTheVariable() throws Exception {
        Result result = java(List.of(
                "--module-path", path("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j",
                        "org.slf4j.simple") + File.pathSeparator + app,
                "-m", "app/app.Main"), "nosuch");

        result.assertFailed();
        result.assertContains("No thrjob provider named 'nosuch' (asked by environment variable THR_PROVIDER)");
        result.assertContains("docs/PROVIDERS.md#unknown-provider");
    }

    @Test
    void launch_noProviderOnThePath_failsNamingTheArtifactsToAdd() throws Exception {
        Result result = java(List.of(
                "--module-path", modules.get("org.thrjob.api") + File.pathSeparator + app,
                "-m", "app/app.Main"), null);

        result.assertFailed();
        result.assertContains("No thrjob provider was found on the module path or the class path");
        result.assertContains("org.thrjob:thr-impl-forkjoin");
        result.assertContains("docs/PROVIDERS.md#no-provider");
    }

    @Test
    void demo_onTheModulePathWithNoProviderNamed_printsAllSevenPatternsAndExitsZero()
            throws Exception {
        // What the run script launches; with one provider on the path, the lookup picks it.
        Result result = java(List.of(
                "--module-path", path("org.thrjob.api", "org.thrjob.forkjoin", "org.slf4j",
                        "org.slf4j.simple", "org.thrjob.examples"),
                "-m", "org.thrjob.examples/org.thrjob.examples.Demo"), null);

        result.assertExit(0);
        for (String pattern : List.of("divide & conquer", "tree walk", "double explosion",
                "post & notify", "map-reduce", "mpsc", "limited parallelism")) {
            List<String> lines = result.output.lines().filter(line -> line.startsWith(pattern)).toList();
            assertEquals(1, lines.size(), "one line for " + pattern + " in:\n" + result.output);
            assertTrue(lines.get(0).endsWith("[forkjoin]"), lines.get(0));
            assertTrue(!lines.get(0).contains("WRONG"), lines.get(0));
        }
    }

    /** The class-path entries that hold a module, by module name (jars, or exploded directories). */
    private static Map<String, Path> modulesOnClassPath() {
        Map<String, Path> found = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            boolean jar = entry.endsWith(".jar") && Files.isRegularFile(path);
            boolean exploded = Files.isRegularFile(path.resolve("module-info.class"));
            if (!jar && !exploded) {
                continue;
            }
            try {
                for (ModuleReference module : ModuleFinder.of(path).findAll()) {
                    found.putIfAbsent(module.descriptor().name(), path);
                }
            } catch (RuntimeException notAModule) {
                // A jar that cannot be a module (an invalid automatic name): not one we need.
            }
        }
        return found;
    }

    private static String path(String... moduleNames) {
        return Arrays.stream(moduleNames)
                .map(name -> modules.get(name).toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Runs {@code java <args>} with the JVM running this test, bounded by {@link #CHILD_TIMEOUT}.
     *
     * @param thrProviderEnv THR_PROVIDER for the child, or null to unset it
     */
    private static Result java(List<String> args, String thrProviderEnv)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(args);
        Path output = Files.createTempFile(work, "child", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // The lookup must see only what each test sets, whatever the build's environment holds.
        builder.environment().remove("THR_PROVIDER");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (thrProviderEnv != null) {
            builder.environment().put("THR_PROVIDER", thrProviderEnv);
        }
        Process process = builder.start();
        if (!process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            fail("the child JVM did not end within " + CHILD_TIMEOUT + ": " + command + "\n"
                    + Files.readString(output));
        }
        return new Result(command, process.exitValue(), Files.readString(output));
    }

    /** A finished child JVM; its assertions print the command and the whole output on failure. */
    private record Result(List<String> command, int exit, String output) {

        void assertExit(int expected) {
            assertEquals(expected, exit, this::describe);
        }

        void assertFailed() {
            assertNotEquals(0, exit, this::describe);
        }

        void assertContains(String expected) {
            assertTrue(output.contains(expected), () -> "expected '" + expected + "' in the output. "
                    + describe());
        }

        private String describe() {
            return "exit " + exit + " of " + String.join(" ", command) + "\n--- output ---\n"
                    + output + "--- end ---";
        }
    }
}
