package org.thrjob.threads.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link WorkDeque}: the owner's pop and a thief's steal race for the last job. Exactly one of
 * them gets it: never both (a job run twice) and never neither (a job lost).
 *
 * <p>The deque holds one job when the actors start (pushed by the state's constructor, which
 * jcstress publishes to both actors); the owner pops, a thief steals. Results: 1 if the actor got
 * the job, 0 if not.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the owner popped the job")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the thief stole the job")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "both got it: the job would run twice")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "neither got it: the job is lost")
@State
public class DequeLastElementRace {

    private static final Object JOB = new Object();

    private final WorkDeque deque = new WorkDeque(2);
    private final Worker owner = Harness.worker(null, 0);
    private final Worker thief = Harness.worker(null, 1);

    /** Puts the one job in the deque. */
    public DequeLastElementRace() {
        deque.push(JOB, null);
    }

    /**
     * The owner pops.
     *
     * @param r the outcome
     */
    @Actor
    public void owner(II_Result r) {
        r.r1 = deque.pop(owner) == JOB ? 1 : 0;
    }

    /**
     * A thief steals.
     *
     * @param r the outcome
     */
    @Actor
    public void thief(II_Result r) {
        r.r2 = deque.steal(thief) == JOB ? 1 : 0;
    }
}
