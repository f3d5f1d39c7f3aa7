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
 * A worker gives back its {@link Credits} (two counts at once, {@code Round.finish(2)}) while
 * another worker's job of the same round ends ({@code finish(1)}) and that worker then schedules a
 * new job on the syn (an attach). The round holds three counts when the actors start: the two
 * credits and the running job. It must end exactly once, and never while a job attached to it is
 * pending: the guarantee of {@link SynRoundEndRace}, with a batch of counts given back in one step.
 *
 * <p>Results: r1 is 1 if giving back the credits ended the round, r2 is 1 if the job's end ended
 * it, r3 is 1 if the attach succeeded, r4 is 1 if the attached job's own end (run by the arbiter
 * when the attach succeeded) ended it.
 */
@JCStressTest
@Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "credits first, the job's end ends it; attach refused")
@Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "the credits end it after the job's end; attach refused")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "attached before the credits: the new job ends it")
@Outcome(expect = FORBIDDEN, desc = "ended with a count pending, never ended, or ended twice")
@State
public class SynCreditsSettleRace {

    private final Round round = new Round(new SynImpl(null), 3L);
    private boolean attached;

    /**
     * A worker gives back its two credits.
     *
     * @param r the outcome
     */
    @Actor
    public void creditsGivenBack(IIII_Result r) {
        r.r1 = round.finish(2L) && round.isEnded() ? 1 : 0;
    }

    /**
     * Another worker's job of the round ends, then that worker schedules a job on the syn.
     *
     * @param r the outcome
     */
    @Actor
    public void jobEndsThenAttach(IIII_Result r) {
        r.r2 = round.finish() && round.isEnded() ? 1 : 0;
        attached = round.tryAttach();
        r.r3 = attached ? 1 : 0;
    }

    /**
     * Finishes the attached job, if any.
     *
     * @param r the outcome
     */
    @Arbiter
    public void attachedJobEnds(IIII_Result r) {
        r.r4 = attached && round.finish() && round.isEnded() ? 1 : 0;
    }
}
