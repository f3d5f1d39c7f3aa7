package org.thrjob.blocking;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Redis's global lock, as seen by modules: the main thread holds it while it runs commands and
 * callbacks, and releases it only while its loop sleeps; a job that wants the key space takes it
 * through {@link ThreadSafeContext#lock()}.
 *
 * <p>The host's loop: {@link #lock()} once at start; around each sleep (select, park)
 * {@link #unlock()} then {@link #lock()}. Every main-queue drain happens with the lock held.
 *
 * <p><b>Thread-safety:</b> thread-safe; reentrant for the holder.
 */
public final class Gil {

    private final ReentrantLock lock = new ReentrantLock();

    /** Creates a free lock. */
    public Gil() {
    }

    /** Takes the lock, waiting as long as needed. */
    public void lock() {
        lock.lock();
    }

    /**
     * Takes the lock if it is free now.
     *
     * @return true if the caller now holds it
     */
    public boolean tryLock() {
        return lock.tryLock();
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if the caller does not hold it
     */
    public void unlock() {
        lock.unlock();
    }

    /**
     * Whether a thread is waiting to take the lock (Redis's {@code module_gil_acquring}, for the
     * main thread). A snapshot.
     *
     * @return true if a thread waits
     */
    public boolean hasWaiters() {
        return lock.hasQueuedThreads();
    }

    /**
     * Lets a thread that waits for the lock have it, then takes it back, waiting as long as that
     * thread holds it: what {@code RedisModule_Yield} does from a thread holding the GIL, so that
     * the main thread runs a turn. The holder's whole hold count is released and restored. If
     * nobody waits, it returns at once, still holding the lock.
     *
     * @throws IllegalMonitorStateException if the caller does not hold the lock
     */
    public void handOver() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("handOver needs the GIL held by the calling thread '"
                    + Thread.currentThread().getName() + "': lock it first");
        }
        int holds = lock.getHoldCount();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            // The lock is not fair: taking it back at once would usually win over the waiter, which
            // is parked. Wait until a waiter has it, or nobody waits any longer.
            while (lock.hasQueuedThreads() && !lock.isLocked()) {
                Thread.yield();
            }
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
        }
    }

    /**
     * Whether the calling thread holds the lock.
     *
     * @return true if it does
     */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }
}
