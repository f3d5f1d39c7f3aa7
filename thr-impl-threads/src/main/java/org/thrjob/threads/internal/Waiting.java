package org.thrjob.threads.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for a syn round, a sync job or a queue's close (SPEC rule 5.4).
 *
 * <h2>The protocol</h2>
 * <ul>
 *   <li><b>On a worker</b>, the waiter first helps: it runs pending jobs of its pool (its own
 *       deque first, then the injection queue, then stolen ones) as long as there are some and the
 *       wait is not over. When the pool has nothing to run, it blocks between
 *       {@link Pool#beginBlocking()} and {@link Pool#endBlocking()}, so that the pool wakes an idle
 *       worker or starts a spare to keep {@code parallelism} of them runnable (bounded by
 *       {@code maxSpareWorkers}; beyond it the waiter simply blocks). A worker running a job of
 *       a serial queue does not help, it only blocks: a task it would run could sync on that very
 *       queue, whose job lies below on the same stack and could then never resume.</li>
 *   <li><b>On the runtime's main thread</b>, the waiter runs main-queue jobs as they come, and
 *       sleeps between them; a post to the main queue wakes it like the end of the wait does.</li>
 *   <li><b>Elsewhere</b>, it parks until woken.</li>
 * </ul>
 * Every sleep follows the register, re-check, park protocol of {@link Awaitable}. An interrupt
 * ends the wait with {@link CancellationException}, the interrupt flag set again.
 *
 * <p><b>Thread-safety:</b> static methods; each call concerns the calling thread only.
 */
final class Waiting {

    private Waiting() {
    }

    /**
     * Waits until {@code awaited} is done or the deadline passes.
     *
     * @param runtime  the runtime the wait belongs to (whose main thread drains while waiting)
     * @param awaited  what to wait for
     * @param deadline a {@link System#nanoTime()} deadline, or 0 for none
     * @return true if done, false if the deadline passed first
     * @throws CancellationException if the thread is interrupted
     */
    static boolean await(ThreadsThr runtime, Awaitable awaited, long deadline) {
        if (awaited.isDone()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw interrupted();
        }
        Thread thread = Thread.currentThread();
        if (thread instanceof Worker) {
            return onWorker((Worker) thread, awaited, deadline);
        }
        MainQueueImpl main = runtime.main();
        if (main.isMainThread(thread)) {
            return onMainThread(main, thread, awaited, deadline);
        }
        return parking(thread, awaited, deadline);
    }

    private static boolean onWorker(Worker worker, Awaitable awaited, long deadline) {
        boolean help = worker.currentQueue == null || worker.currentQueue.width() != 1;
        while (!awaited.isDone()) {
            if (expired(deadline)) {
                return false;
            }
            if (help && worker.pool.helpOne(worker)) {
                continue;
            }
            if (worker.credits.settle(worker)) {
                continue; // the credits given back may have ended the round awaited
            }
            worker.pool.beginBlocking();
            try {
                parking(worker, awaited, deadline);
            } finally {
                worker.pool.endBlocking();
            }
            return awaited.isDone();
        }
        return true;
    }

    private static boolean onMainThread(MainQueueImpl main, Thread thread, Awaitable awaited,
            long deadline) {
        while (!awaited.isDone()) {
            if (main.runOne()) {
                continue;
            }
            if (expired(deadline)) {
                return false;
            }
            awaited.addWaiter(thread);
            main.sleeping(thread);
            try {
                if (!awaited.isDone() && !main.hasQueued()) {
                    park(deadline);
                }
            } finally {
                main.sleeping(null);
                awaited.removeWaiter(thread);
            }
            if (Thread.interrupted()) {
                throw interrupted();
            }
        }
        return true;
    }

    private static boolean parking(Thread thread, Awaitable awaited, long deadline) {
        awaited.addWaiter(thread);
        try {
            while (!awaited.isDone()) {
                if (expired(deadline)) {
                    return false;
                }
                park(deadline);
                if (Thread.interrupted()) {
                    throw interrupted();
                }
            }
            return true;
        } finally {
            awaited.removeWaiter(thread);
        }
    }

    private static void park(long deadline) {
        if (deadline == 0L) {
            LockSupport.park(Waiting.class);
        } else {
            LockSupport.parkNanos(Waiting.class, deadline - System.nanoTime());
        }
    }

    static boolean expired(long deadline) {
        return deadline != 0L && deadline - System.nanoTime() <= 0L;
    }

    static CancellationException interrupted() {
        Thread.currentThread().interrupt();
        return new CancellationException("interrupted while waiting; the interrupt flag is set again");
    }
}
