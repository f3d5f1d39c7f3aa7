package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.thrjob.api.Thr;

/**
 * A runtime and an event loop serving on a thread of the test, which becomes the runtime's main
 * thread. Closing it stops the loop, joins its thread (bounded) and closes the runtime.
 *
 * <p>Thread-safety: made and closed by the test thread.
 */
final class TestServer implements AutoCloseable {

    final Thr thr;
    final EventLoop loop;
    final Thread thread;
    final RequestHandler handler;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private TestServer(Thr thr, EventLoop loop, RequestHandler handler) {
        this.thr = thr;
        this.loop = loop;
        this.handler = handler;
        this.thread = new Thread(this::serve, "ichannel-test-main");
    }

    static TestServer start(String provider, ChannelConfig.Builder config,
            Function<Thr, RequestHandler> handler) throws IOException {
        Thr thr = Providers.thr(provider);
        try {
            RequestHandler made = handler.apply(thr);
            EventLoop loop = EventLoop.open(thr, config.bindAddress("127.0.0.1").port(0).build(), made);
            TestServer server = new TestServer(thr, loop, made);
            server.thread.start();
            Providers.until(loop::isRunning, "the loop runs");
            return server;
        } catch (IOException | RuntimeException | Error e) {
            thr.close();
            throw e;
        }
    }

    static TestServer echo(String provider) throws IOException {
        return start(provider, ChannelConfig.builder(), EchoHandler::new);
    }

    private void serve() {
        try {
            loop.run();
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** The handler, when it is the tests' {@link EchoHandler}. */
    EchoHandler echoHandler() {
        return (EchoHandler) handler;
    }

    /** Waits for the next request parked by {@code PARK} and takes its slot. */
    Slot parked() {
        Providers.until(() -> !echoHandler().parked.isEmpty(), "a request is parked");
        return echoHandler().parked.poll();
    }

    int port() {
        return loop.port();
    }

    /** Stops the loop and waits for its thread to end. */
    void stop() {
        loop.stop();
        try {
            thread.join(Providers.TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the loop", e);
        }
        assertFalse(thread.isAlive(), "the loop did not stop within " + Providers.TIMEOUT);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            thr.close();
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the loop failed", t);
        }
    }
}
