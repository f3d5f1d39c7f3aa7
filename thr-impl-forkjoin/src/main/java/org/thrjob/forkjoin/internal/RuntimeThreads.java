package org.thrjob.forkjoin.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Makes the runtime's workers and remembers every thread the runtime started, so that
 * {@link ForkJoinThr#close()} can join them all (SPEC rule 7.5).
 *
 * <h2>Worker indexes</h2>
 * A new worker takes the lowest index no live worker holds. While at most {@code parallelism}
 * workers live, indexes stay in {@code [0, parallelism)}; a spare worker the pool starts to
 * compensate for a blocked one finds them all taken and gets {@code parallelism} or more (SPEC
 * rule 1.7). An index is released when its worker terminates. Workers are created rarely (the pool
 * keeps them until they idle out), so a lock is the simple and right tool here.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class RuntimeThreads implements ForkJoinPool.ForkJoinWorkerThreadFactory {

    private final ForkJoinThr runtime;
    private final BitSet taken = new BitSet();
    private final List<Thread> started = new ArrayList<>();

    RuntimeThreads(ForkJoinThr runtime) {
        this.runtime = runtime;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        int index;
        synchronized (this) {
            index = taken.nextClearBit(0);
            taken.set(index);
        }
        Worker worker;
        try {
            worker = new Worker(pool, runtime, index);
        } catch (Throwable failure) {
            release(index);
            throw failure;
        }
        remember(worker);
        return worker;
    }

    /**
     * Frees a worker's index. Called by the worker as it terminates.
     *
     * @param index its index
     */
    synchronized void release(int index) {
        taken.clear(index);
    }

    /**
     * Records a thread the runtime started, forgetting threads that already ended.
     *
     * @param thread the new thread
     */
    synchronized void remember(Thread thread) {
        started.removeIf(t -> t.getState() == Thread.State.TERMINATED);
        started.add(thread);
    }

    /**
     * Joins every thread the runtime started, ignoring interrupts until done (the interrupt flag
     * is set again afterwards).
     *
     * @param except a thread not to join (the caller), or null
     */
    void joinAll(Thread except) {
        List<Thread> threads;
        synchronized (this) {
            threads = new ArrayList<>(started);
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            if (thread == except) {
                continue;
            }
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
