package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/** The wait-for graph of sync calls turns cycles into errors and leaves chains alone (SPEC 3.6). */
class SyncCycleTest {

    @Test
    void sync_jobSyncsBackOnTheWaitingQueue_throwsNamingBothQueues() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue a = thr.newQueue("A");
            ThrQueue b = thr.newQueue("B");
            JobFailedException failed = assertThrows(JobFailedException.class,
                    () -> a.sync(() -> b.sync(() -> a.sync(() -> { }))));
            // A's job waits on B; B's job syncing on A closes the cycle and fails there.
            Throwable cause = failed.getCause();
            while (cause instanceof JobFailedException) {
                cause = cause.getCause();
            }
            assertInstanceOf(IllegalStateException.class, cause);
            assertTrue(cause.getMessage().startsWith(
                    "sync cycle: queue 'B' waits for 'A' which waits for 'B':"), cause.getMessage());
        }
    }

    @Test
    void sync_otherQueuesJobNotYetRunning_cycleFoundWhenItRuns() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(4).build())) {
            ThrQueue a = thr.newQueue("A");
            ThrQueue b = thr.newQueue("B");
            CountDownLatch aWaits = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Throwable> fromB = new AtomicReference<>();
            // B is busy with a job that will sync on A only once A's job waits on B.
            b.post(() -> {
                ThreadsTesting.await(release, "A's job to wait");
                try {
                    a.sync(() -> { });
                } catch (Throwable t) {
                    fromB.set(t);
                }
            });
            CountDownLatch aDone = new CountDownLatch(1);
            a.post(() -> {
                aWaits.countDown();
                try {
                    b.sync(() -> { });
                } finally {
                    aDone.countDown();
                }
            });
            ThreadsTesting.await(aWaits, "A's job to start");
            // A's sync job queued behind B's running job: A's job is waiting on B by now.
            long deadline = System.nanoTime() + ThreadsTesting.TIMEOUT.toNanos();
            while (b.pending() < 2) {
                assertTrue(System.nanoTime() < deadline, "A's job never synced on B");
                Thread.sleep(1);
            }
            release.countDown();
            ThreadsTesting.await(aDone, "A's sync on B to return once B's job failed");
            assertInstanceOf(IllegalStateException.class, fromB.get());
            assertTrue(fromB.get().getMessage().startsWith(
                    "sync cycle: queue 'B' waits for 'A' which waits for 'B'"), fromB.get().getMessage());
        }
    }

    @Test
    void sync_threeQueueCycle_namesEveryQueueInOrder() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue a = thr.newQueue("A");
            ThrQueue b = thr.newQueue("B");
            ThrQueue c = thr.newQueue("C");
            AtomicReference<Throwable> caught = new AtomicReference<>();
            a.sync(() -> b.sync(() -> c.sync(() -> {
                try {
                    a.sync(() -> { });
                } catch (IllegalStateException e) {
                    caught.set(e);
                }
            })));
            assertNotNull(caught.get());
            assertTrue(caught.get().getMessage().startsWith("sync cycle: queue 'C' waits for 'A'"
                    + " which waits for 'B' which waits for 'C'"), caught.get().getMessage());
        }
    }

    @Test
    void sync_chainWithoutCycle_runsEveryJob() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(1).build())) {
            ThrQueue a = thr.newQueue("A");
            ThrQueue b = thr.newQueue("B");
            ThrQueue c = thr.newQueue("C");
            int result = a.sync(() -> b.sync(() -> c.sync(() -> 7) + 1) + 1);
            assertEquals(9, result);
            // The edges are gone once the syncs returned: the reverse chain is no cycle either.
            assertEquals(3, (int) c.sync(() -> b.sync(() -> a.sync(() -> 3))));
        }
    }

    @Test
    void sync_fromOwnQueue_runsInlineWithoutGraph() {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue a = thr.newQueue("A");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            a.sync(() -> {
                try {
                    a.sync(() -> a.sync(() -> { }));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            assertNull(failure.get());
        }
    }
}
