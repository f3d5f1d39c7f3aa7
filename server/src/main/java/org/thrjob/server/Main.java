package org.thrjob.server;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher: {@code java --module-path ... -m org.thrjob.server [config-file] [--name value]...}.
 * A bad option prints what was wrong and exits with status 1; SHUTDOWN, SIGINT and SIGTERM stop the
 * server gracefully (append-only file flushed and synced, bio and the runtime closed) with
 * status 0.
 *
 * <p><b>Thread-safety:</b> {@link #main} is called once by the JVM.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Set when the server stopped on its own (SHUTDOWN) and main exits: the hook has nothing to do. */
    private static volatile boolean exiting;

    private Main() {
    }

    /**
     * Starts the server.
     *
     * @param args an optional config file, then {@code --name value} options; see {@link ServerConfig}
     */
    public static void main(String[] args) {
        RedisServer server;
        try {
            ServerConfig config = ServerConfig.parse(args);
            server = RedisServer.open(config);
        } catch (ConfigException e) {
            System.err.println("thrjob server: " + e.getMessage());
            System.exit(1);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("thrjob server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGINT and SIGTERM run the shutdown hooks: stop the loop and wait for run() to flush
        // and close, then exit 0 as a SHUTDOWN would.
        Thread hook = new Thread(() -> {
            if (exiting) {
                return; // main is exiting with status 0: let the other hooks (JFR, ...) run
            }
            server.stop();
            try {
                if (!server.awaitStopped(Duration.ofSeconds(30))) {
                    System.err.println("thrjob server: the graceful shutdown did not end within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A signal's exit status would be 128 + n; a graceful stop on request exits with 0.
            Runtime.getRuntime().halt(0);
        }, "shutdown-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("Ready to accept connections on {}:{} (provider {})", server.loop.localAddress().getHostString(),
                server.port(), server.providerName());
        server.run();
        exiting = true;
        System.exit(0);
    }
}
