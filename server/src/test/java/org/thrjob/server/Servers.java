package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * In-process servers for the tests: one per provider that ServiceLoader finds (so a provider
 * added to the build is covered at once), started on a free port and kept for the test class.
 *
 * <p>Thread-safety: the test methods of a class run one at a time (JUnit's default).
 */
final class Servers {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, RedisServer> running = new HashMap<>();
    private final List<String> extraOptions;

    Servers(String... extraOptions) {
        this.extraOptions = List.of(extraOptions);
    }

    /** The method source: one provider name per provider found. */
    static Stream<Named<String>> providers() {
        List<Named<String>> found = new ArrayList<>();
        for (ThrProvider provider : ServiceLoader.load(ThrProvider.class)) {
            found.add(Named.of(provider.name(), provider.name()));
        }
        if (found.isEmpty()) {
            found.add(Named.of("no ThrProvider on the test class path", null));
        }
        return found.stream();
    }

    /** The server of a provider, started on first use. */
    RedisServer of(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        RedisServer server = running.get(provider);
        if (server == null) {
            List<String> args = new ArrayList<>(List.of("--port", "0", "--provider", provider));
            args.addAll(extraOptions);
            server = start(args.toArray(new String[0]));
            running.put(provider, server);
        }
        return server;
    }

    static RedisServer start(String... args) throws Exception {
        RedisServer server = RedisServer.open(ServerConfig.parse(args));
        Thread thread = new Thread(server::run, "server-main-" + server.port());
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    static void stop(RedisServer server) throws InterruptedException {
        server.stop();
        assertTrue(server.awaitStopped(TIMEOUT), "the server did not stop within " + TIMEOUT);
    }

    /** Stops every server started. */
    void close() throws InterruptedException {
        for (RedisServer server : running.values()) {
            stop(server);
        }
        running.clear();
    }
}
