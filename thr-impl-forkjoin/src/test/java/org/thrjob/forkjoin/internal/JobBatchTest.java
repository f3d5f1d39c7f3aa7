package org.thrjob.forkjoin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.ThrQueue;
import org.thrjob.forkjoin.ForkJoinThrProvider;

/**
 * A worker that runs an unordered job goes on with the pool's next unordered jobs in the same
 * task and ends a round's jobs together ({@link JobTask}'s batches). These tests pin down what the
 * batches must not change: a round ends as soon as its own jobs did, whatever the worker runs
 * next, and an {@code awaitUntil} caller hears of every job's end.
 *
 * <p>Each test has one worker, holds it with a gate job while it queues the jobs under test, so
 * that one batch takes them in a row, and fails within {@link #BOUND} if a batch held a job's end
 * back.
 */
class JobBatchTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    private static Thr oneWorker() {
        return new ForkJoinThrProvider().create(ThrConfig.builder()
                .name("batch" + RUNTIMES.incrementAndGet()).parallelism(1)
                .failureHandler((job, where, failure) -> { }).build());
    }

    /** Schedules a job that keeps the only worker until the returned latch is counted down. */
    private static CountDownLatch holdTheWorker(Thr thr) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        thr.schedule(() -> {
            running.countDown();
            gate.await(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        });
        assertTrue(running.await(BOUND.toMillis(), TimeUnit.MILLISECONDS), "the gate job never ran");
        return gate;
    }

    @RepeatedTest(20)
    void schedule_nextJobOfAnotherRound_firstRoundEndsWhileTheNextJobRuns() throws Exception {
        try (Thr thr = oneWorker()) {
            Syn first = thr.newSyn();
            Syn second = thr.newSyn();
            CountDownLatch firstAwaited = new CountDownLatch(1);
            AtomicBoolean secondSawFirstEnd = new AtomicBoolean();
            CountDownLatch gate = holdTheWorker(thr);
            thr.schedule(first, () -> { });
            thr.schedule(second, () -> secondSawFirstEnd.set(
                    firstAwaited.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)));
            gate.countDown();

            assertTrue(first.await(BOUND), "the first round did not end while the second's job ran");
            firstAwaited.countDown();
            assertTrue(second.await(BOUND));
            assertTrue(secondSawFirstEnd.get());
        }
    }

    @RepeatedTest(20)
    void schedule_nextTaskIsAQueueDrain_roundEndsWhileTheQueueJobRuns() throws Exception {
        try (Thr thr = oneWorker()) {
            Syn syn = thr.newSyn();
            ThrQueue queue = thr.newQueue("after-the-round");
            CountDownLatch roundAwaited = new CountDownLatch(1);
            AtomicBoolean queueJobSawEnd = new AtomicBoolean();
            CountDownLatch gate = holdTheWorker(thr);
            thr.schedule(syn, () -> { });
            queue.post(() -> queueJobSawEnd.set(
                    roundAwaited.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)));
            gate.countDown();

            assertTrue(syn.await(BOUND), "the round did not end while the queue's job ran");
            roundAwaited.countDown();
            queue.close();
            assertTrue(queueJobSawEnd.get());
        }
    }

    @RepeatedTest(20)
    void awaitUntil_conditionMetByAnEarlierJobOfTheBatch_wakesBeforeTheNextJobEnds()
            throws Exception {
        try (Thr thr = oneWorker()) {
            Syn syn = thr.newSyn();
            AtomicInteger done = new AtomicInteger();
            CountDownLatch awaiterReturned = new CountDownLatch(1);
            AtomicBoolean lastJobSawAwaiter = new AtomicBoolean();
            CountDownLatch gate = holdTheWorker(thr);
            thr.schedule(syn, done::incrementAndGet);
            thr.schedule(syn, () -> lastJobSawAwaiter.set(
                    awaiterReturned.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)));
            AtomicBoolean awaited = new AtomicBoolean();
            Thread awaiter = new Thread(() -> {
                awaited.set(syn.awaitUntil(() -> done.get() == 1));
                awaiterReturned.countDown();
            }, "awaiter");
            awaiter.start();
            Round round = ((SynImpl) syn).current();
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (round.mayDefer() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // until the awaiter registered as a watcher of the round
            }
            assertEquals(false, round.mayDefer(), "the awaiter never started watching the round");
            gate.countDown();

            assertTrue(syn.await(BOUND));
            awaiter.join(BOUND.toMillis());
            assertTrue(awaited.get());
            assertTrue(lastJobSawAwaiter.get(), "awaitUntil was not woken by the first job's end");
        }
    }
}
