package org.thrjob.blocking.internal;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.thrjob.api.MainQueue;
import org.thrjob.blocking.Gil;
import org.thrjob.blocking.YieldFlag;

/**
 * Redis's {@code RM_Yield} and the busy state it sets ({@code server.busy_module_yield_flags} and
 * {@code busy_module_yield_reply}): a command that runs long calls it now and then; once
 * {@code busy-reply-threshold} has passed since the command (or the thread-safe context) began,
 * and then every {@link #PERIOD_NANOS}, the server serves events.
 *
 * <ul>
 *   <li>On the main thread (inside a command): with {@link YieldFlag#CLIENTS} the busy reply is
 *       set and the host's pump runs (the event loop's {@code processEventsWhileBlocked}), which
 *       hands the other clients' requests to the host, who refuses them with {@link #busyReply()};
 *       then the reply is restored. Nested yields do nothing, as Redis's {@code yield_nesting}.</li>
 *   <li>On another thread holding the GIL (a thread-safe context): the busy reply is set, and the
 *       GIL is handed to the main thread if it waits for it (Redis's {@code module_gil_acquring}),
 *       else the main thread is woken (Redis writes to its module pipe) so that it will wait for
 *       it at the next yield. The main thread then runs a turn with the busy reply set. The busy
 *       state ends when the thread releases the GIL ({@code RM_ThreadSafeContextUnlock}).</li>
 * </ul>
 *
 * <p><b>Thread-safety:</b> the threshold, the pump and the reply are volatile; {@link #onMain} is
 * main-thread only; {@link #onThread} needs the GIL, so at most one thread runs it at a time.
 */
public final class BusyYield {

    /** Redis's default {@code busy-reply-threshold}: 5 seconds. */
    public static final long DEFAULT_THRESHOLD_MILLIS = 5000;
    /** Between two event rounds of one busy command: {@code 1000000 / server.hz} with hz 10. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Redis's {@code shared.slowmoduleerr}, when the module gives no busy reply of its own. */
    static final String DEFAULT_REPLY = "BUSY Redis is busy running a module command.";
    private static final Runnable NO_PUMP = () -> { };
    private static final org.thrjob.api.Job WAKE = () -> { };

    private final MainQueue main;
    private final Gil gil;
    private volatile long thresholdNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_THRESHOLD_MILLIS);
    private volatile Runnable pump = NO_PUMP;
    /** The error other clients get now, or null when nobody is busy with clients served. */
    private volatile String reply;
    /** Main thread only: a yield is on the stack (Redis's {@code yield_nesting}). */
    private boolean yielding;

    BusyYield(MainQueue main, Gil gil) {
        this.main = main;
        this.gil = gil;
    }

    /**
     * The busy reply threshold.
     *
     * @return milliseconds
     */
    public long thresholdMillis() {
        return TimeUnit.NANOSECONDS.toMillis(thresholdNanos);
    }

    /**
     * Sets the busy reply threshold.
     *
     * @param millis milliseconds, 0 or more
     */
    public void thresholdMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("busy-reply-threshold must be 0 or more milliseconds but was "
                    + millis);
        }
        thresholdNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Sets the main thread's event pump.
     *
     * @param next the pump, or null for none
     */
    public void pump(Runnable next) {
        pump = next == null ? NO_PUMP : next;
    }

    /**
     * The error a client's request gets now unless its command is allowed while busy.
     *
     * @return {@code BUSY ...} (without the dash), or null when not busy
     */
    public String busyReply() {
        return reply;
    }

    /** When a context that began at {@code startNanos} first yields for real. */
    long firstYieldAt(long startNanos) {
        return startNanos + thresholdNanos;
    }

    private static String text(String busyReply) {
        return busyReply == null ? DEFAULT_REPLY : "BUSY " + busyReply;
    }

    /**
     * A yield on the main thread.
     *
     * @param dueNanos  when this context's next yield is due ({@link System#nanoTime()})
     * @param flag      what to serve
     * @param busyReply the module's busy text, or null for Redis's default
     * @return when the next yield is due
     */
    long onMain(long dueNanos, YieldFlag flag, String busyReply) {
        long now = System.nanoTime();
        if (yielding || now - dueNanos < 0) {
            return dueNanos;
        }
        if (flag == YieldFlag.CLIENTS) {
            yielding = true;
            String before = reply;
            reply = text(busyReply);
            try {
                pump.run();
            } finally {
                reply = before;
                yielding = false;
            }
        }
        return now + PERIOD_NANOS;
    }

    /**
     * A yield from a thread holding the GIL.
     *
     * @param dueNanos  when this context's next yield is due
     * @param flag      what to serve
     * @param busyReply the module's busy text, or null for Redis's default
     * @return when the next yield is due
     */
    long onThread(long dueNanos, YieldFlag flag, String busyReply) {
        long now = System.nanoTime();
        if (now - dueNanos < 0) {
            return dueNanos;
        }
        if (flag == YieldFlag.CLIENTS) {
            reply = text(busyReply);
            if (gil.hasWaiters()) {
                gil.handOver(); // the main thread runs a turn, refusing with the reply, then sleeps
            } else {
                try {
                    main.post(WAKE); // wake the loop: it will wait for the GIL, and get it next time
                } catch (RuntimeException e) {
                    // The runtime is closing: nobody is left to serve.
                }
            }
        }
        return now + PERIOD_NANOS;
    }

    /** The thread that yielded released the GIL: the busy state ends. */
    void threadUnlocked() {
        reply = null;
    }

    @Override
    public String toString() {
        String now = reply;
        return "busy state: " + (now == null ? "not busy" : now) + ", threshold " + thresholdMillis() + " ms"
                + (Objects.equals(pump, NO_PUMP) ? ", no event pump" : "");
    }
}
