package org.thrjob.modules.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.server.RedisServer;
import org.thrjob.server.ServerConfig;

/**
 * In-process servers for a test class: one per provider that ServiceLoader finds, started on a
 * free port on first use and kept until {@link #close()}. The server loads every command module on
 * the test's class path, that is the module under test.
 *
 * <p>Thread-safety: not thread-safe; the test methods of a class run one at a time (JUnit's
 * default). Null provider (no provider on the class path): the test is skipped, not failed.
 */
public final class ExampleServers {

    /** The bound of every wait in the example tests. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, RedisServer> running = new HashMap<>();
    private final List<String> options;

    /** No server runs until {@link #port(String)} asks for one. */
    public ExampleServers() {
        this(new String[0]);
    }

    /**
     * Servers started with more options, e.g. {@code "--client-output-buffer-limit", "normal 100000 0 0"}.
     *
     * @param options {@code --name value} pairs, as the server's command line; not null
     */
    public ExampleServers(String... options) {
        this.options = List.of(options);
    }

    /**
     * The method source of the parameterized tests.
     *
     * @return one provider name per provider found; a single null one if there is none
     */
    public static Stream<Named<String>> providers() {
        List<Named<String>> found = new ArrayList<>();
        for (ThrProvider provider : ServiceLoader.load(ThrProvider.class)) {
            found.add(Named.of(provider.name(), provider.name()));
        }
        if (found.isEmpty()) {
            found.add(Named.of("no ThrProvider on the test class path", null));
        }
        return found.stream();
    }

    /**
     * The port of this provider's server, started on first use.
     *
     * @param provider a provider name from {@link #providers()}; null skips the test
     * @return the port on 127.0.0.1
     * @throws Exception if the server cannot start
     */
    public int port(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        RedisServer server = running.get(provider);
        if (server == null) {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--provider", provider));
            args.addAll(options);
            server = RedisServer.open(ServerConfig.parse(args.toArray(new String[0])));
            Thread thread = new Thread(server::run, "server-main-" + server.port());
            thread.setDaemon(true);
            thread.start();
            running.put(provider, server);
        }
        return server.port();
    }

    /**
     * Stops every server started; fails if one does not stop within {@link #TIMEOUT}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void close() throws InterruptedException {
        for (RedisServer server : running.values()) {
            server.stop();
            if (!server.awaitStopped(TIMEOUT)) {
                throw new AssertionError("the server on port " + server.port() + " did not stop within " + TIMEOUT);
            }
        }
        running.clear();
    }
}
