package org.thrjob.forkjoin.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Future;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.ScheduledJob;

/**
 * A delayed job: the handle {@code postAfter} returns and the task the timer runs when it is due.
 *
 * <p>{@code state} goes from {@code PENDING} to exactly one of {@code FIRING} (the timer fired) and
 * {@code CANCELLED} (by {@link #cancel()}, by the runtime's close, or because the target queue was
 * closed in the meantime), by CAS: whichever of the timer and the canceller CASes first wins, the
 * other sees it lost (SPEC rule 6.7). A firing timer becomes {@code POSTED} only once the job is in
 * its queue, so that a job posted by someone who saw {@link #isPosted()} comes after it.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class TimerHandle implements ScheduledJob, Runnable {

    static final int PENDING = 0;
    static final int POSTED = 1;
    static final int CANCELLED = 2;
    /** The timer won against cancel and is posting the job; {@link #POSTED} once it is queued. */
    static final int FIRING = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerHandle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Timers timers;
    private final TimerTarget target;
    private final Job job;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    private volatile Future<?> future;

    TimerHandle(Timers timers, TimerTarget target, Job job, int state) {
        this.timers = timers;
        this.target = target;
        this.job = job;
        this.state = state;
    }

    void scheduled(Future<?> scheduled) {
        this.future = scheduled;
    }

    @Override
    public void run() {
        if (target.refusesTimers()) {
            if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
                timers.forget(this);
            }
            return;
        }
        if (!STATE.compareAndSet(this, PENDING, FIRING)) {
            return;
        }
        timers.forget(this);
        try {
            target.postFromTimer(job);
        } catch (RejectedJobException rejected) {
            // The target closed between the check and the post: no caller to tell but the handler.
            timers.rejected(job, target, rejected);
        } finally {
            STATE.setVolatile(this, POSTED);
        }
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return false;
        }
        timers.forget(this);
        Future<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    public boolean isPosted() {
        return (int) STATE.getVolatile(this) == POSTED;
    }

    @Override
    public String toString() {
        int now = (int) STATE.getVolatile(this);
        return "ScheduledJob[" + job + " on '" + target.name() + "', "
                + (now == PENDING ? "pending" : now == FIRING ? "firing" : now == POSTED ? "posted" : "cancelled") + "]";
    }
}
