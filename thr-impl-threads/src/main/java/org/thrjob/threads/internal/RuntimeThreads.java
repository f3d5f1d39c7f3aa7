package org.thrjob.threads.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Remembers every thread the runtime started (workers, spares, the timer, dedicated threads), so
 * that {@link ThreadsThr#close()} can join them all (SPEC rule 7.5). Worker slots and indexes are
 * handed out by {@link Pool}.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class RuntimeThreads {

    private final List<Thread> started = new ArrayList<>();

    RuntimeThreads(ThreadsThr runtime) {
        // the runtime is not needed: threads are remembered, whoever made them
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
