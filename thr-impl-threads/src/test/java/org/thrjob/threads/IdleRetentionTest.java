package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/**
 * An idle runtime keeps no syn reachable. The workers keep the last round they worked on (in their
 * credits, their taken round and their deques' round entries) while they go on with it, so as not
 * to write those references again for every job, and their deques keep the jobs thieves took; all
 * of it must go once they run out of work: a syn the application dropped, with whatever its
 * round's failures hold, must be collectable.
 */
class IdleRetentionTest {

    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    @RepeatedTest(5)
    void droppedSyn_afterRecursiveWorkOnIt_isCollectedOnceTheRuntimeIsIdle() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(2).build())) {
            AtomicLong leaves = new AtomicLong();
            WeakReference<Syn> dropped = workOnANewSyn(thr, leaves);
            assertEquals(1 << 12, leaves.get());
            // Bounded: the workers drop the round when they next find no work, which follows the
            // tree's last job at once; each collection then either clears the reference or not.
            long deadline = System.nanoTime() + BOUND_NANOS;
            while (dropped.get() != null && System.nanoTime() - deadline < 0L) {
                System.gc();
                Thread.onSpinWait();
            }
            assertNull(dropped.get(), "the idle runtime still holds the syn (through its last "
                    + "round) 10 s after the work on it ended");
        }
    }

    private static WeakReference<Syn> workOnANewSyn(Thr thr, AtomicLong leaves) {
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> ThreadsTesting.splitTree(thr, syn, 0, 1 << 12, leaves));
        syn.await();
        return new WeakReference<>(syn);
    }
}
