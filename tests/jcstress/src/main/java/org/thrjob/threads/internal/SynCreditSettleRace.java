package org.thrjob.threads.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@link Round} with a worker's deferred job ends ({@link Worker#creditRound}): a worker hands
 * the round two job ends at once ({@code finish(2)}, what {@link ThreadsThr#settle} does) while
 * another worker's job of the round ends alone and a third thread attaches a job. The bulk end
 * must count like two single ends: the round ends exactly once, never while an attached job is
 * pending, and an attach after the end is refused.
 *
 * <p>The round holds three jobs when the actors start: the two whose ends the first worker
 * deferred, and the second worker's. Results: r1 is 1 if the bulk end ended the round, r2 if the
 * single end did, r3 if the attach succeeded, r4 if the attached job's own end (run by the
 * arbiter when the attach succeeded) ended it.
 */
@JCStressTest
@Outcome(id = {"1, 0, 0, 0", "0, 1, 0, 0"}, expect = ACCEPTABLE,
        desc = "the round ended at its last job; the attach came after and was refused")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "attached first: the new job ends the round")
@Outcome(expect = FORBIDDEN, desc = "ended with a job pending, never ended, or ended twice")
@State
public class SynCreditSettleRace {

    private final Round round = new Round(new SynImpl(null), 3L);
    private volatile boolean attached;

    /**
     * A worker settles two deferred job ends at once.
     *
     * @param r the outcome
     */
    @Actor
    public void settleTwo(IIII_Result r) {
        r.r1 = round.finish(2L) && round.isEnded() ? 1 : 0;
    }

    /**
     * Another worker's job of the round ends.
     *
     * @param r the outcome
     */
    @Actor
    public void oneEnds(IIII_Result r) {
        r.r2 = round.finish() && round.isEnded() ? 1 : 0;
    }

    /**
     * A thread attaches a job.
     *
     * @param r the outcome
     */
    @Actor
    public void attach(IIII_Result r) {
        attached = round.tryAttach();
        r.r3 = attached ? 1 : 0;
    }

    /**
     * Ends the attached job, if any.
     *
     * @param r the outcome
     */
    @Arbiter
    public void attachedJobEnds(IIII_Result r) {
        r.r4 = attached && round.finish() && round.isEnded() ? 1 : 0;
    }
}
