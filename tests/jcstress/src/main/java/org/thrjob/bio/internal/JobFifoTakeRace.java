package org.thrjob.bio.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * {@link JobFifo}'s publication: a producer stores numbers 0 and 1 (the second in a chunk it
 * creates) while the consumer takes what it can, in order, without waiting. The consumer may
 * find nothing yet, or only the first job, but never the second before the first, never a job
 * without the time stored with it, and nothing may be lost: the arbiter takes whatever the
 * consumer left and the two together must hold each job once.
 */
@JCStressTest
@Outcome(id = "-, ab", expect = ACCEPTABLE, desc = "the consumer came before any store; the arbiter took both")
@Outcome(id = "a, ab", expect = ACCEPTABLE, desc = "the consumer took the first job only")
@Outcome(id = "ab, ab", expect = ACCEPTABLE, desc = "the consumer took both")
@Outcome(expect = FORBIDDEN, desc = "out of order, a job without its time, or a job lost or taken twice")
@State
public class JobFifoTakeRace {

    private final JobFifo fifo = new JobFifo(1);
    private long next;
    private final StringBuilder consumed = new StringBuilder();

    /** Stores both jobs, the second in a new chunk. */
    @Actor
    public void producer() {
        fifo.put(0, "a", 100L);
        fifo.put(1, "b", 101L);
    }

    /**
     * Takes what it finds, in order, without waiting.
     *
     * @param r what the consumer took ("-" for nothing)
     */
    @Actor
    public void consumer(LL_Result r) {
        takeWhatIsThere();
        r.r1 = consumed.length() == 0 ? "-" : consumed.toString();
    }

    /**
     * Takes what the consumer left, once both actors returned.
     *
     * @param r everything taken, by both
     */
    @Arbiter
    public void arbiter(LL_Result r) {
        takeWhatIsThere();
        r.r2 = consumed.toString();
    }

    private void takeWhatIsThere() {
        Object job;
        while ((job = fifo.take(next)) != null) {
            // A job found with another time than its own was read before its time was stored.
            consumed.append(fifo.takenNanos() == 100L + next ? job : "?");
            next++;
        }
    }
}
