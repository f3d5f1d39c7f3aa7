package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/**
 * Workers keep the counts of finished jobs as credits on their syn round instead of giving each
 * back at once (the provider's {@code Credits}): a round must still end exactly when its last job
 * ended, post its continuations before the runtime can look drained, wake {@code awaitUntil}
 * callers after each job, and never wait for a job of another round that runs on the worker
 * holding its credits. These are this provider's internals, so they are checked here rather than
 * in the TCK (whose syn rules pass as well).
 */
class SynCreditsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int LEAVES = 1 << 12;

    @RepeatedTest(20)
    void tree_awaitReturns_onlyAfterEveryLeafAndTheSynIsIdle() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            Syn syn = thr.newSyn();
            for (int round = 0; round < 20; round++) {
                AtomicLong leaves = new AtomicLong();
                thr.schedule(syn, () -> ThreadsTesting.splitTree(thr, syn, 0, LEAVES, leaves));
                assertTrue(syn.await(BOUND), "the tree's round did not end within " + BOUND);
                assertEquals(LEAVES, leaves.get(), "await returned before every leaf ran");
                assertEquals(0, syn.pending(), "the syn is idle once await returned");
            }
        }
    }

    @RepeatedTest(50)
    void whenDone_thenCloseAtOnce_theContinuationIsPostedBeforeTheRuntimeDrains() throws Exception {
        AtomicInteger continuations = new AtomicInteger();
        AtomicLong leaves = new AtomicLong();
        AtomicLong leavesSeen = new AtomicLong(-1);
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        ThrQueue queue = thr.newQueue("after-tree");
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> ThreadsTesting.splitTree(thr, syn, 0, LEAVES, leaves));
        syn.whenDone(queue, () -> {
            leavesSeen.set(leaves.get());
            continuations.incrementAndGet();
        });
        thr.close(); // waits for the runtime to drain: the continuation must be part of it
        assertEquals(1, continuations.get(), "the continuation ran once before close returned");
        assertEquals(LEAVES, leavesSeen.get(), "the continuation ran before the last leaf");
    }

    @RepeatedTest(20)
    void awaitUntil_duringRecursiveWork_returnsOnceTheConditionHolds() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            Syn syn = thr.newSyn();
            AtomicLong leaves = new AtomicLong();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean released = new AtomicBoolean();
            // A job that holds the round open until the condition was seen: awaitUntil can only
            // return true from a job's end, not from the round's.
            thr.schedule(syn, () -> {
                try {
                    released.set(go.await(BOUND.toSeconds(), TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thr.schedule(syn, () -> ThreadsTesting.splitTree(thr, syn, 0, LEAVES, leaves));
            assertTrue(syn.awaitUntil(() -> leaves.get() == LEAVES),
                    "awaitUntil returned with the condition false");
            go.countDown();
            assertTrue(syn.await(BOUND));
            assertTrue(released.get(), "the blocking job timed out: awaitUntil waited for it");
        }
    }

    @RepeatedTest(20)
    void oneWorker_jobOfAnotherRoundBlocks_theRoundBeforeItEndsMeanwhile() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1).build())) {
            ThrQueue dedicated = thr.newDedicatedQueue("continuations");
            Syn first = thr.newSyn();
            Syn blocker = thr.newSyn();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch firstEnded = new CountDownLatch(1);
            AtomicBoolean sawEnd = new AtomicBoolean();
            // One worker: the job of `first` runs, then the blocker on the same worker. The
            // blocker waits, without Thr.blocking, for `first`'s continuation: the round of
            // `first` must not wait for the blocker, which runs where its job ran.
            thr.schedule(first, () -> awaitQuietly(go));
            thr.schedule(blocker, () -> sawEnd.set(awaitQuietly(firstEnded)));
            first.whenDone(dedicated, firstEnded::countDown);
            go.countDown();
            assertTrue(first.await(BOUND), "the first round did not end");
            assertTrue(blocker.await(BOUND), "the blocking job did not end");
            assertTrue(sawEnd.get(), "the first round ended only after the job that waited for it");
        }
    }

    @RepeatedTest(20)
    void oneWorker_jobWaitsForAnotherSynItFed_helpsAndGoesOn() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1).build())) {
            Syn outer = thr.newSyn();
            Syn inner = thr.newSyn();
            AtomicInteger innerRan = new AtomicInteger();
            AtomicInteger seenAfterWait = new AtomicInteger(-1);
            AtomicLong leaves = new AtomicLong();
            thr.schedule(outer, () -> {
                for (int i = 0; i < 64; i++) {
                    thr.schedule(inner, innerRan::incrementAndGet);
                }
                inner.await(); // the only worker helps: it runs the 64 jobs itself
                seenAfterWait.set(innerRan.get());
                ThreadsTesting.splitTree(thr, outer, 0, 256, leaves);
            });
            assertTrue(outer.await(BOUND), "the outer round did not end");
            assertEquals(64, seenAfterWait.get(), "the inner await returned early");
            assertEquals(256, leaves.get());
            assertEquals(0, inner.pending());
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
