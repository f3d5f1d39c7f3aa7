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
 *   SCHEDULED --drain runs the k jobs it saw counted, count n -> n-k > 0--> SCHEDULED (goes on)
 *   SCHEDULED --drain ran serialBatch jobs, count > 0, other work waits--> drain re-queues itself
 *   SCHEDULED --drain ran the last counted jobs, count k -> 0--> IDLE (the drain returns; a later
 *                                                               post dispatches it)
 * </pre>
 * The drain subtracts the ends of the jobs it ran in one update per run of jobs it saw counted
 * (not one per job), which keeps it off the producers' cache line; it runs past
 * {@code serialBatch} only while no other work waits in the pool (SPEC rule 3.4 is about not
 * starving other work; re-queueing with nothing else to run would only cost a wake-up).
 * A post pushes its node first and counts it second, so a drain that sees the count above zero
 * always finds a node to take. Only the post that finds the count at zero dispatches the drain, and
 * the count reaches zero only after the drain's last job ended, so at most one drain is ever
 * scheduled or running: one job at a time (SPEC rule 3.1), in push order (3.2). The end of a job
 * happens-before the next one's start (3.3): both run in the same drain, or the next drain was
 * dispatched by a post that read the count the previous drain wrote (and the deque and the
 * injection queue publish).
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
        RUN.setOpaque(this, (long) RUN.getOpaque(this) + 1L);
        return decrementPending();
    }

    /**
     * Runs up to serialBatch jobs; see the state machine in the class comment.
     *
     * <p>The drain counts the ends of jobs without a completion in bulk: it reads the pending count
     * once ({@code owned}: that many jobs are counted, so their nodes are in the list) and runs
     * them, then subtracts them in one update, which either brings the count to zero (the queue is
     * idle, the drain returns) or tells how many more were posted meanwhile. A job with a
     * completion (a {@code sync} caller or a syn round) is counted alone, after the ends before
     * it, so that whoever it wakes sees the queue's count up to date.
     */
    void drainBatch() {
        boolean yield = false;
        QueueBase previous = CurrentQueue.enter(this);
        try {
            int budget = runtime.serialBatch();
            long owned = pendingNow(); // at least 1: the drain runs only for counted jobs
            long done = 0L;
            for (;;) {
                if (done == owned) {
                    long now = morePosted(owned);
                    if (now > owned) {
                        owned = now; // posts arrived: go on, the count settles later
                    } else {
                        owned = decrementPending(done);
                        done = 0L;
                        if (owned == 0L) {
                            return;
                        }
                    }
                }
                if (budget == 0) {
                    if (runtime.pool().othersWaiting()) {
                        // Counted jobs are left (owned > done): the count stays above zero.
                        if (done > 0L) {
                            decrementPendingAboveZero(done);
                        }
                        yield = true;
                        return;
                    }
                    budget = runtime.serialBatch(); // nothing else waits: keep the worker
                }
                budget--;
                Node node = jobs.poll();
                if (node.round == null) {
                    runtime.runQueueJob(node.job, this);
                    RUN.setOpaque(this, (long) RUN.getOpaque(this) + 1L);
                    done++;
                } else {
                    if (done > 0L) {
                        decrementPendingAboveZero(done); // this job is still counted
                        owned -= done;
                        done = 0L;
                    }
                    owned = runtime.runJob(node.job, node.round, this);
                    if (owned == 0L) {
                        return;
                    }
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

    /**
     * Before the drain lets the queue go idle, looks at the pending count for a short, bounded
     * while: producers that post in a stream are usually a few hundred nanoseconds behind a drain
     * that caught up with them, and going idle would make the next post pay for a dispatch (an
     * injection, maybe a wake-up) and the drain for a restart, for every job.
     *
     * @param owned the count the drain has seen and run
     * @return the count now: above {@code owned} if posts arrived
     */
    private long morePosted(long owned) {
        for (int i = 0; i < IDLE_SPINS; i++) {
            long now = pendingNow();
            if (now != owned) {
                return now;
            }
            Thread.onSpinWait();
        }
        return pendingNow();
    }

    /** Looks at the count before going idle; about a microsecond, once per idle transition. */
    private static final int IDLE_SPINS = 32;

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
