package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.thrjob.api.Job;

/**
 * A serial queue as an actor: a {@link JobList} of jobs and one drain task that runs them, one at a
 * time, on whichever worker picks it up. No thread and no lock: an idle queue is three small
 * objects (queue, list fields inline, drain), so millions may exist (SPEC rule 3.9).
 *
 * <h2>State machine</h2>
 * The state is the pending count ({@link QueueBase#incrementPending()}: jobs posted and not
 * finished, the running one included):
 * <pre>
 *   IDLE (0) --post: 0 -> 1, the poster dispatches the drain--> SCHEDULED (n > 0)
 *   SCHEDULED --drain runs a job, count n -> n-1 > 0--> SCHEDULED (same drain goes on)
 *   SCHEDULED --drain ran serialBatch jobs, count > 0--> drain re-queues itself (fairness, 3.4)
 *   SCHEDULED --drain's last job, count 1 -> 0--> IDLE (the drain returns; a later post dispatches it)
 * </pre>
 * A post pushes its node first and counts it second, so a drain that sees the count above zero
 * always finds a node to take. Only the post that finds the count at zero dispatches the drain, and
 * the count reaches zero only after the drain's last job ended, so at most one drain is ever
 * scheduled or running: one job at a time (SPEC rule 3.1), in push order (3.2). The end of a job
 * happens-before the next one's start (3.3): both run in the same drain, or the next drain was
 * dispatched by a post that read the count the previous drain wrote (and the deque and the
 * injection queue publish).
 *
 * <h2>Counting down in batches</h2>
 * The drain takes the incoming jobs all at once ({@link JobList#takeAll}) and walks them in a
 * local chain, knowing with no atomic read that the ones it holds are pending. A job without a
 * completion that has another taken job behind it ends without touching the count: the drain
 * keeps a tally, and the next job that does count down (one with a completion, the last one
 * taken) takes them down with its own in one atomic operation, as does the batch's end. The
 * posters, who add to the same count for every job, meet the drain's writes once per take rather
 * than once per job. A poster pushes its node before it counts it, so the drain may run a job
 * whose count has not arrived yet; it defers a job only while the count, as it last read it,
 * exceeds the jobs it would then hold, so it never takes the count below zero (the next post
 * would then not dispatch the drain) and the count stays above zero while jobs are deferred: the
 * state machine above is unchanged. Before a job that may bring the count to zero, and before
 * the drain goes back on the pool, it puts the jobs it holds back at the head of the list, where
 * a drain dispatched at once finds them first. A job with a completion counts down for all before
 * its waiters wake, so a {@code sync} caller finds the queue's count and stats up to date, as
 * for every queue.
 *
 * <p>The drain task object is reused for every dispatch: a post into an idle queue allocates only
 * its node.
 *
 * <p><b>Thread-safety:</b> every public method may be called from any thread.
 */
final class SerialQueue extends OwnedQueue {

    private static final VarHandle RUN;

    static {
        try {
            RUN = MethodHandles.lookup().findVarHandle(SerialQueue.class, "run", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JobList jobs = new JobList();
    private final Drain drain = new Drain();
    /** Jobs run; written only by the drain, read opaquely by stats. */
    @SuppressWarnings("unused") // accessed through RUN
    private long run;
    /**
     * Jobs the drain ran without counting them down, handed to the next count-down (see the class
     * comment). The drain keeps its running tally in a local variable and writes this field only
     * before a job that counts, not for every job: posters write the pending count, which may
     * share this object's line, for every post. Drain-private: one drain at a time, handed over
     * through the pending count.
     */
    private long ended;

    SerialQueue(ThreadsThr runtime, String name) {
        super(runtime, name);
    }

    @Override
    public int width() {
        return 1;
    }

    @Override
    public boolean isDedicated() {
        return false;
    }

    @Override
    void enqueue(Job job, Completion completion) {
        jobs.push(new Node(job, completion));
        if (incrementPending() == 0L) {
            runtime.dispatch(drain);
        }
    }

    @Override
    long runCount() {
        return (long) RUN.getOpaque(this);
    }

    @Override
    long jobFinished() {
        return countEnded(1L);
    }

    /** Counts {@link #ended} plus {@code more} jobs as run and finished; drain only. */
    private long countEnded(long more) {
        long n = ended + more;
        ended = 0L;
        RUN.setOpaque(this, (long) RUN.getOpaque(this) + n);
        return decrementPending(n);
    }

    /** Runs up to serialBatch jobs; see the state machine in the class comment. */
    void drainBatch() {
        boolean yield = false;
        QueueBase previous = CurrentQueue.enter(this);
        try {
            int budget = runtime.serialBatch();
            long counted = 0L; // a lower bound of the pending count; only this drain lowers it
            long uncounted = 0L; // jobs run and not counted down yet
            Node chain = null; // taken and not run yet, oldest first
            for (;;) {
                Node node = chain != null ? chain : jobs.takeAll();
                chain = node.next;
                boolean deferrable = node.round == null && chain != null;
                if (deferrable && uncounted + 1L >= counted) {
                    counted = pending(); // look again: posters may have counted more since
                }
                if (deferrable && uncounted + 1L < counted) {
                    runtime.runUncounted(node.job, this);
                    uncounted++;
                } else {
                    // The count may reach zero with this job and a post dispatch another drain at
                    // once: the jobs not run go back first, and the uncounted ones count with it.
                    jobs.putBack(chain);
                    chain = null;
                    ended = uncounted;
                    uncounted = 0L;
                    counted = runtime.runJob(node.job, node.round, this);
                    if (counted == 0L) {
                        return;
                    }
                }
                if (--budget == 0) {
                    // Before the drain goes back on the pool, where another worker may take it.
                    jobs.putBack(chain);
                    if (uncounted != 0L) {
                        countEnded(uncounted); // stays above zero: a taken job is pending
                    }
                    yield = true;
                    return;
                }
            }
        } finally {
            CurrentQueue.restore(previous);
            if (yield) {
                // After restoring the current queue: the drain may run elsewhere at once.
                runtime.yieldTask(drain);
            }
        }
    }

    /** The queue's drain on the pool; one object per queue, reused for every dispatch. */
    private final class Drain extends Task {

        @Override
        void run(Worker worker) {
            drainBatch();
        }

        @Override
        public String toString() {
            return "drain of queue '" + name + "'";
        }
    }
}
