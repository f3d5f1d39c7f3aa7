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
     * Whether the calling thread holds the lock.
     *
     * @return true if it does
     */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }
}
