package org.thrjob.threads.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.thrjob.api.Job;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;

/**
 * {@link SerialQueue}'s state machine: two threads post to the same idle queue at once, while its
 * drain may be finishing the job a third post left. Exactly one post must find the queue idle and
 * schedule the drain at a time: if none did, a job would never run (a lost drain); if two drains
 * ran at once, two jobs of the queue would overlap.
 *
 * <p>Each state gets a fresh queue of one shared runtime (two workers, started once for the whole
 * run). A job records whether another job of its queue was running when it started. The arbiter
 * waits (bounded) until the three jobs ran, and reports: how many ran, how many overlapped, and
 * whether the FIFO order of the first poster's two jobs held.
 */
@JCStressTest
@Outcome(id = "3, 0, 1", expect = ACCEPTABLE, desc = "every job ran, one at a time, in order")
@Outcome(expect = FORBIDDEN, desc = "a job lost (drain never scheduled), two jobs at once, or out of order")
@State
public class SerialQueueDrainRace {

    /** One runtime for every state: jcstress makes many states, a runtime per state would not do. */
    private static final ThreadsThr RUNTIME = ThreadsThr.create(ThrConfig.builder()
            .name("jcstress").parallelism(2).build());
    private static final long WAIT_NANOS = 10_000_000_000L;

    private final ThrQueue queue = RUNTIME.newQueue("q");
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger ran = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile int firstDone;
    private volatile int orderOk = 1;

    private Job job(int id) {
        return () -> {
            if (running.getAndIncrement() != 0) {
                overlaps.incrementAndGet();
            }
            if (id == 2 && firstDone == 0) {
                orderOk = 0;
            }
            if (id == 1) {
                firstDone = 1;
            }
            running.decrementAndGet();
            ran.incrementAndGet();
        };
    }

    /**
     * Posts two jobs, in order.
     *
     * @param r unused: the arbiter reports
     */
    @Actor
    public void poster1(III_Result r) {
        queue.post(job(1));
        queue.post(job(2));
    }

    /**
     * Posts one job.
     *
     * @param r unused: the arbiter reports
     */
    @Actor
    public void poster2(III_Result r) {
        queue.post(job(3));
    }

    /**
     * Waits, bounded, for the three jobs, then reports.
     *
     * @param r how many ran, how many overlapped, whether poster1's order held
     */
    @Arbiter
    public void arbiter(III_Result r) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (ran.get() < 3 && System.nanoTime() - deadline < 0L) {
            LockSupport.parkNanos(10_000L);
        }
        r.r1 = ran.get();
        r.r2 = overlaps.get();
        r.r3 = orderOk;
    }
}
