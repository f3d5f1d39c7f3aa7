package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;

/** blocking() starts a spare when every worker blocks, and the spare retires once idle. */
class SpareWorkerTest {

    @Test
    void blocking_onTheOnlyWorker_runsOtherJobsOnASpareThatLaterRetires() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1)
                .spareKeepAlive(Duration.ofMillis(50)).build())) {
            String spareName = thr.name() + "-threads-worker-1";
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch otherRan = new CountDownLatch(1);
            AtomicInteger otherIndex = new AtomicInteger(-2);
            Syn syn = thr.newSyn();
            thr.schedule(syn, () -> thr.blocking(() -> {
                // The only core worker blocks here until the other job ran on a spare.
                thr.schedule(() -> {
                    otherIndex.set(thr.workerIndex());
                    otherRan.countDown();
                });
                return release.await(30, TimeUnit.SECONDS);
            }));
            assertTrue(otherRan.await(30, TimeUnit.SECONDS),
                    "a job posted while the only worker blocked never ran");
            assertEquals(1, otherIndex.get(), "the job should run on the spare, index parallelism");
            release.countDown();
            syn.await();
            // The spare parks with a 50 ms keep-alive, then retires: wait (bounded) for its end.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ThreadsTesting.threadAlive(spareName) && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertTrue(!ThreadsTesting.threadAlive(spareName),
                    "the spare worker " + spareName + " did not retire after its keep-alive");
        }
    }
}
