package org.thrjob.threads.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@link WorkDeque}: the owner pushes a job and pops twice while a thief steals twice, starting
 * from one job already in the deque (two actors, so that it runs on a two-processor machine). A
 * pop comes back empty only when the deque is empty or a thief took that very job, so once the
 * owner popped twice both jobs have been taken, each exactly once.
 *
 * <p>Results: r1 is what the owner popped (a bit per job: 1 = first, 2 = second; 99 if it popped
 * one job twice), r2 what the thief stole, in the same bits. Only the outcomes in which the bits 1
 * and 2 each appear exactly once are acceptable.
 */
@JCStressTest
@Outcome(id = {"3, 0", "0, 3", "1, 2", "2, 1"}, expect = ACCEPTABLE,
        desc = "both jobs taken, each once")
@Outcome(expect = FORBIDDEN, desc = "a job taken twice, or lost")
@State
public class DequePushPopStealRace {

    private static final Object FIRST = new Object();
    private static final Object SECOND = new Object();

    private final WorkDeque deque = new WorkDeque(4);
    private final Worker owner = Harness.worker(null, 0);
    private final Worker thief = Harness.worker(null, 1);

    /** Puts the first job in the deque. */
    public DequePushPopStealRace() {
        deque.push(FIRST, null);
    }

    private static int bit(Object job) {
        return job == FIRST ? 1 : job == SECOND ? 2 : 0;
    }

    private static int both(int got, int again) {
        return got == again && got != 0 ? 99 : got | again;
    }

    /**
     * The owner pushes the second job, then pops twice.
     *
     * @param r the outcome
     */
    @Actor
    public void owner(II_Result r) {
        deque.push(SECOND, null);
        r.r1 = both(bit(deque.pop(owner)), bit(deque.pop(owner)));
    }

    /**
     * The thief steals twice.
     *
     * @param r the outcome
     */
    @Actor
    public void thief(II_Result r) {
        r.r2 = both(bit(deque.steal(thief)), bit(deque.steal(thief)));
    }
}
