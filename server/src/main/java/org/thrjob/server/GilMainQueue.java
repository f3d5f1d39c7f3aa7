package org.thrjob.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Syn;
import org.thrjob.blocking.Gil;

/**
 * The main queue as the dispatcher sees it: every job the dispatcher posts (unblocked clients,
 * key-ready signals, deadlines, late frees) runs holding modules-blocking's {@link Gil}, then
 * settles the replies it gave. While the event loop serves, its turn holds the GIL already
 * ({@link GilSleepHook}, as Redis holds it from {@code afterSleep} to {@code beforeSleep}), so
 * taking it here is a reentrant no-op; it matters for jobs that run outside a turn (the runtime's
 * last drain when it closes after the loop stopped), which must not touch the key space unlocked.
 *
 * <p><b>Thread-safety:</b> as the queue it wraps.
 */
final class GilMainQueue implements MainQueue {

    private final MainQueue main;
    private final Runnable after;
    private volatile Gil gil;

    /**
     * Wraps a main queue.
     *
     * @param main  the runtime's main queue
     * @param after runs after each job, still holding the GIL (the server settles the replies the
     *              job gave: they may wait for the append-only file)
     */
    GilMainQueue(MainQueue main, Runnable after) {
        this.main = main;
        this.after = after;
    }

    /** Set once the dispatcher that owns the lock exists. */
    void gil(Gil lock) {
        this.gil = lock;
    }

    private Job locked(Job job) {
        return new Job() {
            @Override
            public void run() throws Exception {
                Gil lock = gil;
                lock.lock();
                try {
                    job.run();
                } finally {
                    try {
                        after.run();
                    } finally {
                        lock.unlock();
                    }
                }
            }

            @Override
            public String toString() {
                return job.toString();
            }
        };
    }

    @Override
    public String name() {
        return main.name();
    }

    @Override
    public void post(Job job) {
        main.post(locked(job));
    }

    @Override
    public void post(Syn syn, Job job) {
        main.post(syn, locked(job));
    }

    @Override
    public ScheduledJob postAfter(Duration delay, Job job) {
        return main.postAfter(delay, locked(job));
    }

    @Override
    public void sync(Job job) {
        main.sync(locked(job));
    }

    @Override
    public <T> T sync(Callable<T> job) {
        return main.sync(() -> {
            Gil lock = gil;
            lock.lock();
            try {
                return job.call();
            } finally {
                try {
                    after.run();
                } finally {
                    lock.unlock();
                }
            }
        });
    }

    @Override
    public boolean isCurrent() {
        return main.isCurrent();
    }

    @Override
    public long pending() {
        return main.pending();
    }

    @Override
    public boolean drainOne() {
        return main.drainOne();
    }

    @Override
    public int drain() {
        return main.drain();
    }

    @Override
    public void runUntil(BooleanSupplier condition) {
        main.runUntil(condition);
    }

    @Override
    public boolean runUntil(BooleanSupplier condition, Duration timeout) {
        return main.runUntil(condition, timeout);
    }

    @Override
    public void onWakeup(Runnable hook) {
        main.onWakeup(hook);
    }

    @Override
    public void bindToCurrentThread() {
        main.bindToCurrentThread();
    }

    @Override
    public Thread thread() {
        return main.thread();
    }
}
