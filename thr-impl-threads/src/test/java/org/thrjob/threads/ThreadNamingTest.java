package org.thrjob.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/** Every thread a runtime starts is named after its role (SPEC rule 1.8) and ends on close (7.5). */
class ThreadNamingTest {

    @Test
    void workers_busyAtOnce_areNamedWithDistinctIndexes() throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().parallelism(3).build());
        String name = thr.name();
        Set<String> names = ConcurrentHashMap.newKeySet();
        Set<Integer> indexes = ConcurrentHashMap.newKeySet();
        CyclicBarrier allBusy = new CyclicBarrier(3);
        Syn syn = thr.newSyn();
        try {
            for (int i = 0; i < 3; i++) {
                thr.schedule(syn, () -> {
                    names.add(Thread.currentThread().getName());
                    indexes.add(thr.workerIndex());
                    allBusy.await(ThreadsTesting.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                });
            }
            syn.await();
        } finally {
            thr.close();
        }
        assertEquals(Set.of(0, 1, 2), indexes);
        for (String thread : names) {
            assertTrue(thread.matches(name + "-threads-worker-[012]"), thread);
        }
        assertFalse(ThreadsTesting.threadAlive(name + "-"), "a thread of " + name + " outlived close()");
        assertEquals(-1, thr.workerIndex());
    }

    @Test
    void timerThread_afterPostAfter_isNamedAfterItsRoleAndEndsOnClose() throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        String name = thr.name();
        CountDownLatch fired = new CountDownLatch(1);
        thr.postAfter(Duration.ofMillis(1), fired::countDown);
        ThreadsTesting.await(fired, "the timer");
        assertTrue(ThreadsTesting.threadAlive(name + "-threads-timer"));
        thr.close();
        assertFalse(ThreadsTesting.threadAlive(name + "-threads-timer"));
    }

    @Test
    void dedicatedQueue_thread_isNamedExactlyAfterTheQueueAndEndsOnRuntimeClose() throws Exception {
        Thr thr = ThreadsTesting.create(ThreadsTesting.config().build());
        String queueName = "bio_aof_fsync_" + thr.name();
        ThrQueue queue = thr.newDedicatedQueue(queueName);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        queue.sync(() -> ranOn.set(Thread.currentThread()));
        assertEquals(queueName, ranOn.get().getName());
        assertTrue(ranOn.get().isAlive());
        thr.close();
        assertFalse(ranOn.get().isAlive(), "the dedicated thread outlived the runtime's close()");
        assertTrue(queue.isClosed());
    }

    @Test
    void dedicatedQueue_closeTrue_joinsItsThread() throws Exception {
        try (Thr thr = ThreadsTesting.create(ThreadsTesting.config().build())) {
            ThrQueue queue = thr.newDedicatedQueue("dq-" + thr.name());
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            queue.post(() -> ranOn.set(Thread.currentThread()));
            queue.close(true);
            assertFalse(ranOn.get().isAlive());
        }
    }
}
