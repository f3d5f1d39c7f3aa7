package org.thrjob.threads.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;

/**
 * The runtime's timers: one thread, {@code <runtime>-threads-timer}, started on the first delayed
 * job, that posts each job to its queue when it is due (SPEC rules 3.11, 6.6, 6.7).
 *
 * <p>The thread never runs jobs, it only posts them, so a slow job cannot delay the next timer.
 * Handles not yet due are kept in a set so that the runtime's close cancels each of them (their
 * handles then report cancelled) before it stops the thread (7.6); cancelled timers leave the
 * executor's queue at once (remove-on-cancel), so cancelled timeouts do not pile up.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class Timers {

    private final ThreadsThr runtime;
    private final ScheduledThreadPoolExecutor executor;
    private final Set<TimerHandle> pending = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;

    Timers(ThreadsThr runtime) {
        this.runtime = runtime;
        String threadName = runtime.name() + "-threads-timer";
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread created = new Thread(task, threadName);
            created.setDaemon(true);
            thread = created;
            runtime.threads().remember(created);
            return created;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    boolean isTimerThread(Thread candidate) {
        return candidate == thread;
    }

    /**
     * Posts {@code job} to {@code target} once {@code delay} elapsed.
     *
     * @param target the queue, or the runtime for an unordered job
     * @param delay  not negative
     * @param job    the job
     * @return the handle
     * @throws RejectedJobException if the target or the runtime is closed
     */
    ScheduledJob schedule(TimerTarget target, Duration delay, Job job) {
        if (target.refusesTimers()) {
            // Let the target's own post say why (closed queue).
            target.postFromTimer(job);
        }
        if (delay.isZero()) {
            target.postFromTimer(job);
            return new TimerHandle(this, target, job, TimerHandle.POSTED);
        }
        if (!runtime.admitTimer(target.name())) {
            // A job of the closing runtime: timers not yet due are cancelled by the close (7.6).
            return new TimerHandle(this, target, job, TimerHandle.CANCELLED);
        }
        TimerHandle handle = new TimerHandle(this, target, job, TimerHandle.PENDING);
        pending.add(handle);
        if (runtime.isClosed()) {
            // The close may have swept the set before the add: do its work for it.
            handle.cancel();
            return handle;
        }
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        try {
            handle.scheduled(executor.schedule(handle, nanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException shutDown) {
            handle.cancel();
        }
        return handle;
    }

    void forget(TimerHandle handle) {
        pending.remove(handle);
    }

    void rejected(Job job, TimerTarget target, RejectedJobException rejected) {
        runtime.failures().report(job, target.name(), rejected);
    }

    /** Cancels every timer not yet due, then stops and joins the timer thread. */
    void shutdown() {
        for (TimerHandle handle : pending) {
            handle.cancel();
        }
        executor.shutdownNow();
        boolean interrupted = false;
        for (;;) {
            try {
                if (executor.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    int pendingCount() {
        return pending.size();
    }
}
