package org.thrjob.threads.internal;

/**
 * A worker's credits: counts on one syn {@link Round} that the worker keeps for unordered jobs it
 * finished, instead of giving each back with an atomic decrement of the round's shared count, so
 * that recursive work on one syn (thr-job's tree pattern: every job schedules its halves on the
 * syn it belongs to) touches the shared count only now and then rather than twice per job.
 *
 * <h2>The rule that keeps rounds exact</h2>
 * A finished job's count stays in the round's shared count and becomes a credit of the worker
 * that ran it. While the worker holds a credit, the round cannot end (its shared count is above
 * zero). The worker spends it on the next job it schedules on the same syn ({@link #take}): the
 * count passes from the finished job to the new one without touching the shared count, and the
 * syn's current round is necessarily this one, because a round the shared count keeps alive is
 * never replaced. The worker gives the credits back, with one atomic subtraction that may end the
 * round ({@link #settle}), before it does anything else:
 * <ul>
 *   <li>before it runs a job of another round, a job without a syn, or a task (a serial queue's
 *       drain), so that a round never waits for work that is not its own;</li>
 *   <li>before it looks for work without finding any, and so before it spins or parks;</li>
 *   <li>before it blocks: in a syn or sync wait that has nothing to help with, and in
 *       {@code Thr.blocking}; and after every job it ran while helping, so that the job below on
 *       its stack never holds another round's credits;</li>
 *   <li>when an {@code awaitUntil} caller watches the round, which wants to hear of every job's
 *       end as it happens.</li>
 * </ul>
 * So credits are held only while the worker goes on with jobs of the same round, and the round's
 * end comes at most one look for work after its last job, on the same worker.
 *
 * <h2>Jobs from the injection queue too</h2>
 * A job the worker took from the injection queue (posted from outside the pool) is credited like
 * the others: its poster attached it with an atomic addition that no credit can spare, but giving
 * its count back with an atomic subtraction of its own would write the round's count, which the
 * poster writes for every job, once per job from the worker's side as well, and that line would
 * cross between the two cores twice per job. With credits the workers write it once per look for
 * work. Measured with {@code UnorderedJobsBench} (1,000 jobs posted from outside, then awaited),
 * together with the injection queue's cells on lines of their own: 123 ns per job, against
 * 240–280 ns when these jobs ended one subtraction each. (Before the cells had their own lines,
 * credits for these jobs measured worse, 300 ns against 200: the cost was then in the cells.)
 *
 * <h2>Counting runs</h2>
 * A job kept as a credit is not yet counted in {@code stats().run()}: it is counted when its
 * credit is spent (after the new job counted as posted) or given back (after the round's end has
 * posted its continuations, before its waiters wake: the order of {@link Completion}). So the
 * runtime never looks drained to {@code close()} while a round that a credit keeps alive could
 * still post continuations, and a waiter that returns finds every job of its round counted.
 *
 * <p><b>Thread-safety:</b> worker-private: read and written only by the worker that owns it.
 */
final class Credits extends CreditsFields {

    // The worker writes the fields (in CreditsFields) for nearly every job; the padding before
    // (CreditsPadding) and after them keeps any object the collector places beside this one off
    // their cache line, as for Worker.
    @SuppressWarnings("unused") private long q01, q02, q03, q04, q05, q06, q07, q08;

    /**
     * Spends a credit on a job the worker is about to schedule on {@code syn}.
     *
     * @param syn  the syn the job is scheduled on
     * @param self the worker, which counts the finished job whose credit is spent as run
     * @return the round the new job belongs to, or null if the worker holds no credit on it (the
     *         caller then attaches it to the syn as usual)
     */
    Round take(SynImpl syn, Worker self) {
        Round held = round;
        if (count == 0L || held.syn != syn) {
            return null;
        }
        // The round stays when the count reaches zero: the next keep() then finds it and writes
        // nothing (see Worker.tookRound for why a reference store is worth sparing).
        count--;
        self.counters.increment(Counters.Cell.RUN);
        return held;
    }

    /**
     * Keeps the count of a job of {@code finished} that just ended as a credit, giving back the
     * credits of another round first.
     *
     * @param finished the round of the job that ended
     * @param self     the worker
     */
    void keep(Round finished, Worker self) {
        if (round != finished) {
            settle(self);
            round = finished;
        }
        count++;
    }

    /**
     * Gives back the credits of a round other than {@code next}, before the worker runs a job of
     * {@code next} (null: a job without a syn, or a task).
     *
     * @param next the round of the job about to run
     * @param self the worker
     */
    void settleUnless(Completion next, Worker self) {
        if (count != 0L && round != next) {
            settle(self);
        }
    }

    /**
     * Drops the reference to the last round, once its credits were given back, so that an idle
     * worker keeps no ended round reachable.
     */
    void forget() {
        if (count == 0L) {
            round = null;
        }
    }

    /**
     * Gives every credit back to its round, ending the round if they were its last counts, and
     * counts their jobs as run.
     *
     * @param self the worker
     * @return true if there were credits to give back
     */
    boolean settle(Worker self) {
        long n = count;
        if (n == 0L) {
            return false;
        }
        Round held = round;
        round = null;
        count = 0L;
        boolean release = held.finish(n);
        self.counters.add(Counters.Cell.RUN, n);
        if (release) {
            held.release();
        }
        self.runtime.jobsRunWhileClosing();
        return true;
    }
}

/** Padding before the fields of {@link Credits}. */
abstract class CreditsPadding {
    @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The fields of {@link Credits}, between its padding before and after. Worker-private. */
abstract class CreditsFields extends CreditsPadding {
    /**
     * The round the credits count on, or the last one they counted on (with a count of zero), so
     * that a worker going on with one round never writes this field; null after
     * {@link Credits#settle} and {@link Credits#forget}.
     */
    Round round;
    long count;
}
