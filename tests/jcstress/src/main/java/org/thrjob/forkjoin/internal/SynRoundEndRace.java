package org.thrjob.forkjoin.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The forkjoin provider's {@link Round}, a syn's count of pending jobs (the same algorithm as
 * the threads provider's, kept in its own package): the last job of a round finishes while another
 * thread attaches a new job. Either the attach comes first and the round goes on until the new job
 * ends it, or the round ends and the attach is refused (the syn then starts a new round). The
 * round must end exactly once, and never while a job attached to it is pending.
 *
 * <p>The round holds one job when the actors start. Results: r1 is 1 if the attach succeeded, r2
 * is 1 if the finishing job ended the round, r3 is 1 if the attached job's own finish (run by the
 * arbiter when the attach succeeded) ended it.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "attached first: the new job ends the round")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "ended first: the attach is refused")
@Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "ended with an attached job pending")
@Outcome(expect = FORBIDDEN, desc = "the round never ended, or ended twice")
@State
public class SynRoundEndRace {

    private final Round round = new Round(new SynImpl(null), 1L);
    private volatile boolean attached;

    /**
     * The last job of the round finishes.
     *
     * @param r the outcome
     */
    @Actor
    public void lastJobEnds(III_Result r) {
        r.r2 = round.finish() && round.isEnded() ? 1 : 0;
    }

    /**
     * Another thread attaches a job.
     *
     * @param r the outcome
     */
    @Actor
    public void attach(III_Result r) {
        attached = round.tryAttach();
        r.r1 = attached ? 1 : 0;
    }

    /**
     * Finishes the attached job, if any.
     *
     * @param r the outcome
     */
    @Arbiter
    public void attachedJobEnds(III_Result r) {
        r.r3 = attached && round.finish() && round.isEnded() ? 1 : 0;
        if (r.r2 == 1 && r.r3 == 1) {
            r.r3 = 2; // ended twice
        }
    }
}
