package org.thrjob.ichannel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An event loop run by a thread of the test's own, as a server's main thread runs it: keeps what
 * {@link EventLoop#run()} threw and tells when it returned, for the tests that open a loop with a
 * sleep hook of their own instead of using {@link TestServer}.
 */
final class LoopThread {

    final Thread thread;
    /** What {@code run()} threw, or null. */
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Counted down once {@code run()} returned or threw. */
    final CountDownLatch ended = new CountDownLatch(1);

    private LoopThread(EventLoop loop, String name) {
        this.thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                ended.countDown();
            }
        }, name);
    }

    /**
     * Starts {@code loop} on a new thread.
     *
     * @param loop the loop, opened and not yet run
     * @param name the thread's name
     * @return the running thread's record
     */
    static LoopThread start(EventLoop loop, String name) {
        LoopThread started = new LoopThread(loop, name);
        started.thread.start();
        return started;
    }
}
