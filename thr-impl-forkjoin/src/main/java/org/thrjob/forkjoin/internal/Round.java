package org.thrjob.forkjoin.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.Job;
import org.thrjob.api.JobQueue;
import org.thrjob.api.RejectedJobException;

/**
 * One round of a {@link SynImpl}: the jobs attached from the moment the syn left idle until its
 * pending count fell back to zero.
 *
 * <h2>State</h2>
 * {@code pending} is the number of attached jobs not finished, or negative once the round is
 * over: {@link #ENDED} is a large negative number, so that a late attach that adds one to an ended
 * round leaves it negative, and an ended round never comes back to life. Every job touches the
 * count with one atomic add and no retry loop (a poster attaches while workers finish jobs of the
 * same round, so a compare-and-set loop would fail and retry under that contention): attaching
 * ({@link SynImpl#attach()}) adds one and succeeds if the count was not negative, else installs a
 * fresh round in the syn; a finishing job subtracts one, and the job that brought it from 1 to 0
 * then CASes 0 to {@code ENDED}. An attach may slip in at 0 before that CAS: the CAS then fails,
 * the round goes on with the new job, and the new job's end (or a later one's) ends it. So the
 * round ends exactly once, only when no attached job is pending, and a job never counts in two
 * rounds. A job knows its round from the moment it was attached, so its failure is recorded
 * in the right round even while the next one starts. When the round ends, its report is fixed: the
 * failures earlier rounds left unreported plus its own (see {@link SynImpl#roundEnded}), so a
 * failure whose job ended before the next attach is still reported by the next await (SPEC rule
 * 5.6).
 *
 * <h2>Ending</h2>
 * The job that ends the round, on its own thread: seals the round and posts the continuations
 * registered by {@code whenDone} (in {@link #finish()}, before the job counts as run: see
 * {@link Completion}); then sets {@code released} and unparks the waiters (in {@link #release()}).
 * Waiters test {@code released}, not {@code pending}, so the end of every job of the round
 * happens-before {@code await} returns (SPEC rule 5.2). Waiters, continuations and failures are
 * guarded by the round's monitor: they are touched once per waiter, per continuation or per
 * failure, never per successful job.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
final class Round extends Completion implements Awaitable {

    static final long ENDED = Long.MIN_VALUE / 2;

    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(Round.class, "pending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SynImpl syn;
    /**
     * What an await returning from this round reports: the syn's unreported failures plus this
     * round's own, fixed when the round ends (null until then).
     */
    private volatile List<Throwable> report;

    /*
     * The poster adds to pending for every job it attaches; the workers that run the round's jobs
     * read watchers for every job (mayDefer). Padding keeps pending alone on its cache line, so
     * that those reads do not pull the line from the poster between two attaches (HotSpot lays
     * out the longs first, in declaration order).
     */
    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile long pending;
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07;
    private volatile boolean released;
    /** How many awaitUntil callers want to hear of every job's end, not only the last. */
    private volatile int watchers;

    // Guarded by this.
    private boolean sealed;
    private List<Throwable> failures;
    private List<Thread> waiters;
    private List<Object[]> continuations;

    Round(SynImpl syn, long pending) {
        this.syn = syn;
        this.pending = pending;
        if (pending == ENDED) {
            this.sealed = true;
            this.released = true;
            this.report = List.of();
        }
    }

    /**
     * Counts one more job, unless the round is over.
     *
     * @return true if attached, false if the round ended and a new one must be started
     */
    boolean tryAttach() {
        return (long) PENDING.getAndAdd(this, 1L) >= 0L;
    }

    long pending() {
        return Math.max(0L, (long) PENDING.getVolatile(this));
    }

    boolean isEnded() {
        return (long) PENDING.getVolatile(this) < 0L;
    }

    @Override
    boolean failed(Throwable failure) {
        synchronized (this) {
            if (failures == null) {
                failures = new ArrayList<>(2);
            }
            failures.add(failure);
        }
        return false;
    }

    @Override
    boolean finish() {
        return finish(1L);
    }

    /**
     * Several jobs of the round ended (see {@link JobTask}'s batches); as {@link #finish()}.
     *
     * @param jobs how many, at least one
     * @return true if {@link #release} must be called once the jobs are counted
     */
    boolean finish(long jobs) {
        if ((long) PENDING.getAndAdd(this, -jobs) == jobs && PENDING.compareAndSet(this, 0L, ENDED)) {
            end();
            return true;
        }
        return watchers > 0;
    }

    /**
     * Whether an ended job may wait to be counted with the ones after it: not while an
     * {@code awaitUntil} caller wants to hear of every job's end.
     */
    boolean mayDefer() {
        return watchers == 0;
    }

    private void end() {
        List<Object[]> toPost;
        List<Throwable> own = failures();
        synchronized (this) {
            sealed = true;
            toPost = continuations;
            continuations = null;
            // Posting continuations counts as reporting: they read the failures with failures().
            report = syn.roundEnded(own, toPost != null);
        }
        if (toPost != null) {
            for (Object[] continuation : toPost) {
                postContinuation((JobQueue) continuation[0], (Job) continuation[1]);
            }
        }
    }

    @Override
    void release() {
        List<Thread> toWake;
        synchronized (this) {
            if (isEnded()) {
                released = true;
                toWake = waiters;
                waiters = null;
            } else {
                toWake = waiters == null ? null : new ArrayList<>(waiters);
            }
        }
        if (toWake != null) {
            for (Thread thread : toWake) {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Registers a continuation, or posts it at once if the round is over (SPEC rule 5.7).
     *
     * @param queue where to post it
     * @param job   the continuation
     */
    void whenDone(JobQueue queue, Job job) {
        synchronized (this) {
            if (!sealed) {
                if (continuations == null) {
                    continuations = new ArrayList<>(2);
                }
                continuations.add(new Object[] {queue, job});
                return;
            }
        }
        queue.post(job);
        syn.reported(report);
    }

    private void postContinuation(JobQueue queue, Job job) {
        try {
            queue.post(job);
        } catch (RejectedJobException rejected) {
            // Nobody waits for the continuation: its loss must still not be silent.
            syn.runtime.failures().report(job, queue.name(), rejected);
        }
    }

    /**
     * What an await returning from this round reports (SPEC rule 5.6).
     *
     * @return the failures fixed when the round ended, or null while it runs
     */
    List<Throwable> report() {
        return report;
    }

    /**
     * The failures of this round's own jobs recorded so far.
     *
     * @return an immutable copy
     */
    synchronized List<Throwable> failures() {
        return failures == null ? List.of() : List.copyOf(failures);
    }

    void watch(int delta) {
        synchronized (this) {
            watchers += delta;
        }
    }

    @Override
    public boolean isDone() {
        return released;
    }

    @Override
    public void addWaiter(Thread thread) {
        synchronized (this) {
            if (released) {
                return;
            }
            if (waiters == null) {
                waiters = new ArrayList<>(2);
            }
            waiters.add(thread);
        }
    }

    @Override
    public void removeWaiter(Thread thread) {
        synchronized (this) {
            if (waiters != null) {
                waiters.remove(thread);
            }
        }
    }
}
