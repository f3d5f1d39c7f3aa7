package org.thrjob.bio.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * {@link JobFifo}'s chunks: with one slot per chunk, two producers store numbers 1 and 2 at once,
 * so both need chunks that do not exist yet and race to create and link them (and the producer
 * of 2 may move the hint past the chunk of 1, which must then walk back). Each number's job must
 * land in the one chunk the consumer will read for it.
 *
 * <p>The arbiter takes 0, 1 and 2 in order and reports what it found, with the submission time
 * stored beside the last one.
 */
@JCStressTest
@Outcome(id = "one, two, 2", expect = ACCEPTABLE, desc = "both jobs found by their numbers, with their times")
@Outcome(expect = FORBIDDEN, desc = "a job lost in an orphaned chunk, or found under another number")
@State
public class JobFifoChunkRace {

    private final JobFifo fifo = new JobFifo(1);

    /** Creates the state with number 0 stored, as a submission before the race would. */
    public JobFifoChunkRace() {
        fifo.put(0, "zero", 0L);
    }

    /** The producer of number 1. */
    @Actor
    public void producerOfOne() {
        fifo.put(1, "one", 1L);
    }

    /** The producer of number 2. */
    @Actor
    public void producerOfTwo() {
        fifo.put(2, "two", 2L);
    }

    /**
     * Takes every number in order once both producers returned.
     *
     * @param r the jobs of 1 and 2, and the time of 2
     */
    @Arbiter
    public void consumer(LLL_Result r) {
        fifo.take(0);
        r.r1 = fifo.take(1);
        r.r2 = fifo.take(2);
        r.r3 = fifo.takenNanos();
    }
}
