package org.thrjob.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The baseline of a worker-to-main round trip: the cheapest correct hand-off between two threads
 * that sleep when idle. The caller publishes a request in a volatile field and unparks a parked
 * server thread; the server answers in another volatile field and unparks the caller, which parks
 * until the answer is there. Each round trip therefore costs two wake-ups of a parked thread,
 * which is what a runtime whose threads park without spinning pays.
 *
 * <p>Thread-safety: one caller at a time ({@link #roundTrip}); the server thread is private.
 */
final class ParkedHandoff {

    private final Thread server;
    private final Thread caller;
    private volatile long request;
    private volatile long answer;
    private volatile boolean closed;

    /**
     * Starts the server thread; the calling thread is the only one that may call
     * {@link #roundTrip}.
     */
    ParkedHandoff() {
        this.caller = Thread.currentThread();
        this.server = new Thread(this::serve, "parked-handoff-server");
        server.setDaemon(true);
        server.start();
    }

    private void serve() {
        long served = 0;
        while (!closed) {
            long wanted = request;
            if (wanted != served) {
                served = wanted;
                answer = wanted;
                LockSupport.unpark(caller);
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Sends one request and waits for its answer.
     *
     * @return the answer
     * @throws IllegalStateException if called from a thread other than the creator
     */
    long roundTrip() {
        if (Thread.currentThread() != caller) {
            throw new IllegalStateException("ParkedHandoff is driven by the thread that created it");
        }
        long next = request + 1;
        request = next;
        LockSupport.unpark(server);
        while (answer != next) {
            LockSupport.park(this);
        }
        return next;
    }

    /**
     * Stops the server thread and waits for it.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the server does not end within 30 seconds
     */
    void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(server);
        server.join(30_000);
        if (server.isAlive()) {
            throw new IllegalStateException("the parked hand-off server did not end within 30 s");
        }
    }
}
