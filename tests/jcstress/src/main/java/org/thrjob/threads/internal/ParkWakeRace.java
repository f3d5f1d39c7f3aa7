package org.thrjob.threads.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * {@link Pool}'s idle protocol: a worker going to sleep while a job is posted. Whatever the
 * interleaving, the worker must not stay parked with the job in the queue: either the poster sees
 * it searching and leaves the job to it (the worker's last look finds it and wakes itself), or the
 * poster sees no searcher and pops it off the idle stack. A worker that stays parked is a lost
 * wake-up, which jcstress reports as a stale (non-terminating) actor.
 *
 * <p>The actor plays the worker: it counts itself as searching, then runs the real sleep protocol
 * ({@link Pool#sleep}), parking its own thread. The signal plays a poster from outside the pool.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the worker was woken or saw the job")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the worker sleeps on a posted job")
@State
public class ParkWakeRace {

    private static final Object JOB = new Object();

    private final Pool pool = Harness.pool();
    private final Worker worker = Harness.worker(pool, 0);

    /** Registers the worker that the actor plays. */
    public ParkWakeRace() {
        pool.register(worker);
    }

    /** The worker: stops searching and sleeps until woken. */
    @Actor
    public void worker() {
        worker.parker = Thread.currentThread();
        pool.startSearching();
        pool.sleep(worker);
    }

    /** The poster: publishes a job and signals. */
    @Signal
    public void post() {
        pool.inject(JOB, null);
    }
}
