package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a child process on the module path ({@code java --module-path ... -m
 * org.thrjob.server/org.thrjob.server.Main}), for what needs a real process: SIGKILL, SIGTERM,
 * exit codes, jars loaded from the module path.
 *
 * <p>Thread-safety: one test thread uses an instance; a reader thread collects the output.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections on [^:]+:(\\d+)");

    final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildServer(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "child-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The module path of the server's runtime: its classes and the thrjob and slf4j jars. */
    static String modulePath(String... extra) {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            boolean classes = entry.endsWith("target" + File.separator + "classes");
            if (classes || name.startsWith("thr-") && !name.startsWith("thr-tck") || name.startsWith("slf4j-")) {
                entries.add(entry);
            }
        }
        entries.addAll(List.of(extra));
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Starts a server with these options and waits until it is ready or has exited.
     *
     * <p>The child starts through {@code env --default-signal=INT,TERM}: a build run in the
     * background by a non-interactive shell (a CI runner, {@code nohup ... &}) ignores SIGINT, the
     * child would inherit that, and a JVM that starts with SIGINT ignored runs no shutdown on it,
     * so the SIGINT tests would test the launcher instead of the server. {@code env} execs the
     * JVM in its own process, whose pid the tests signal.
     */
    static ChildServer start(List<String> modulePathExtra, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--module-path", modulePath(modulePathExtra.toArray(new String[0])),
                "-m", "org.thrjob.server/org.thrjob.server.Main"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildServer(process);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            output.append("(output lost: ").append(e).append(")\n");
        }
        port.completeExceptionally(new IllegalStateException("the server exited before it was ready:\n" + output));
    }

    /** The port, once the server said it is ready. */
    int port() throws Exception {
        return port.get(Servers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits for the exit and returns its status. */
    int exitCode() throws InterruptedException {
        assertTrue(process.waitFor(Servers.TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                "the server did not exit within " + Servers.TIMEOUT + ":\n" + output);
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        exitCode();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
