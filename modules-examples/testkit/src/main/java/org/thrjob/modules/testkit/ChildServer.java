package org.thrjob.modules.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a child process started with {@code java --module-path ... -m
 * org.thrjob.server/org.thrjob.server.Main}, a command module added to its module path the way a
 * user adds a third-party jar: the server finds it through ServiceLoader, nothing else names it.
 *
 * <p>Thread-safety: one test thread uses an instance; a reader thread collects the output.
 * {@link #close()} kills the process if it is still running; calling it twice does nothing more.
 */
public final class ChildServer implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Ready to accept connections on [^:]+:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ChildServer(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "child-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a server whose module path is the server's own runtime (thrjob and slf4j, from the
     * test's class path) plus {@code module}, and waits until it listens.
     *
     * @param module  a jar or an exploded module directory holding the command module; not null
     * @param options server options, e.g. {@code --provider forkjoin}; {@code --port 0} is added
     * @return the running server
     * @throws IOException if the process cannot start
     */
    public static ChildServer start(Path module, String... options) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            boolean classes = entry.endsWith("target" + File.separator + "classes");
            if (classes || name.startsWith("thr-") && !name.startsWith("thr-module-") || name.startsWith("slf4j-")) {
                entries.add(entry);
            }
        }
        entries.add(0, module.toString());
        List<String> command = new ArrayList<>(List.of(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--module-path", String.join(File.pathSeparator, entries),
                "-m", "org.thrjob.server/org.thrjob.server.Main", "--port", "0"));
        command.addAll(List.of(options));
        return new ChildServer(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * The directory or jar a class was loaded from: the module under test's {@code target/classes}.
     *
     * @param type a class of the module; not null
     * @return its location
     */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
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

    /**
     * The port, once the server said it is ready (waits at most {@link ExampleServers#TIMEOUT}).
     *
     * @return the port on 127.0.0.1
     * @throws Exception if the server exited or did not get ready in time
     */
    public int port() throws Exception {
        return port.get(ExampleServers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Waits for the exit (at most {@link ExampleServers#TIMEOUT}).
     *
     * @return the exit status
     * @throws InterruptedException if interrupted while waiting
     */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(ExampleServers.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit within " + ExampleServers.TIMEOUT + ":\n" + output);
        }
        return process.exitValue();
    }

    /**
     * What the server printed so far, for failure messages.
     *
     * @return the server's standard output and error so far
     */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
