package org.thrjob.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * "Libraries log through slf4j-api and ship no binding" at the Maven level: no library module's
 * pom declares an slf4j binding (or another logging back end) in a scope that reaches its users
 * (compile or runtime). The class rules cannot see this: a binding is never named in code.
 */
class LibraryPomTest {

    /**
     * Artifacts that bind slf4j or replace it. Applications and tests may depend on them; libraries
     * may in test scope only.
     */
    static final Set<String> BINDINGS = Set.of(
            "slf4j-simple", "slf4j-nop", "slf4j-jdk14", "slf4j-reload4j", "slf4j-log4j12",
            "logback-classic", "logback-core", "log4j-slf4j-impl", "log4j-slf4j2-impl", "log4j-core");

    /**
     * Reactor directories that are applications or tests (DESIGN.md's module table): they may ship a
     * binding. Every other module is a library, including future ones.
     */
    static final Set<String> APPLICATIONS_AND_TESTS = Set.of("server", "tests/it", "tests/bench", "tests/arch");

    @Test
    void libraryPoms_ofTheReactor_declareNoBindingBeyondTestScope() throws Exception {
        Path root = Path.of(System.getProperty("thrjob.root", "../..")).toRealPath();
        Map<String, List<String>> offenders = new TreeMap<>();
        List<String> libraries = new ArrayList<>();
        for (String module : modules(root.resolve("pom.xml"))) {
            Path pom = root.resolve(module).resolve("pom.xml");
            if (APPLICATIONS_AND_TESTS.contains(module) || !Files.isRegularFile(pom)) {
                continue;
            }
            libraries.add(module);
            List<String> bindings = shippedBindings(pom);
            if (!bindings.isEmpty()) {
                offenders.put(module, bindings);
            }
        }
        assertTrue(libraries.contains("thr-api") && libraries.contains("thr-impl-forkjoin"),
                "library modules read from " + root + ": " + libraries);
        assertTrue(offenders.isEmpty(), "libraries shipping a logging binding (use <scope>test</scope>): " + offenders);
    }

    @Test
    void shippedBindings_fixturePomWithSimpleAndLogback_reportsBothButNotTheTestScopedOne() throws Exception {
        Path pom = Path.of(LibraryPomTest.class.getResource("/fixtures/library-pom-with-binding.xml").toURI());

        assertEquals(List.of("org.slf4j:slf4j-simple:compile", "ch.qos.logback:logback-classic:runtime"),
                shippedBindings(pom));
    }

    /** The bindings {@code pom} declares in compile or runtime scope, as group:artifact:scope. */
    static List<String> shippedBindings(Path pom) throws Exception {
        List<String> found = new ArrayList<>();
        for (Element dependency : children(child(parse(pom).getDocumentElement(), "dependencies"), "dependency")) {
            String artifact = text(dependency, "artifactId", "");
            String scope = text(dependency, "scope", "compile");
            if (BINDINGS.contains(artifact) && (scope.equals("compile") || scope.equals("runtime"))) {
                found.add(text(dependency, "groupId", "") + ":" + artifact + ":" + scope);
            }
        }
        return found;
    }

    private static List<String> modules(Path rootPom) throws Exception {
        List<String> modules = new ArrayList<>();
        for (Element module : children(child(parse(rootPom).getDocumentElement(), "modules"), "module")) {
            modules.add(module.getTextContent().strip());
        }
        return modules;
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = Files.newInputStream(pom)) {
            return factory.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new IOException("cannot read " + pom, e);
        }
    }

    /** The direct child element named {@code name}, or null. */
    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name, String absent) {
        Element e = child(parent, name);
        return e == null ? absent : e.getTextContent().strip();
    }
}
