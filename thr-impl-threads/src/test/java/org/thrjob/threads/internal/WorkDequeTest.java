package org.thrjob.threads.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The bounded Chase-Lev deque: owner LIFO, thieves FIFO, full at capacity, nothing lost. */
class WorkDequeTest {

    private static Worker worker(int index) {
        return new Worker(null, null, "deque-test-" + index, index, false, 2,
                new Counters(index + 1).cell(index));
    }

    @Test
    void pop_afterPushes_returnsNewestFirstWithItsRound() {
        WorkDeque deque = new WorkDeque(4);
        Worker owner = worker(0);
        Completion round = new SyncJob<>(() -> 1, "sync", null);
        Object a = new Object();
        Object b = new Object();
        assertTrue(deque.push(a, null));
        assertTrue(deque.push(b, round));
        assertSame(b, deque.pop(owner));
        assertSame(round, owner.takenRound);
        assertSame(a, deque.pop(owner));
        assertNull(owner.takenRound);
        assertNull(deque.pop(owner));
        assertTrue(deque.isEmpty());
    }

    @Test
    void popAndSteal_whileRoundsChangeAndSlotsWrap_returnEachJobsOwnRound() {
        // A push writes a round entry only when it changes, and a pop leaves it: every round
        // taken must still be the one pushed with the job, null included, across many wraps.
        WorkDeque deque = new WorkDeque(2);
        Worker owner = worker(0);
        Worker thief = worker(1);
        Completion[] rounds = {
            new SyncJob<>(() -> 1, "a", null), new SyncJob<>(() -> 2, "b", null), null};
        for (int i = 0; i < 1_000; i++) {
            Completion first = rounds[i % 3];
            Completion second = rounds[(i / 3) % 3];
            Object a = new Object();
            Object b = new Object();
            assertTrue(deque.push(a, first));
            assertTrue(deque.push(b, second));
            assertSame(a, deque.steal(thief));
            assertSame(first, thief.takenRound, "stolen job's round, push " + i);
            assertSame(b, deque.pop(owner));
            assertSame(second, owner.takenRound, "popped job's round, push " + i);
            if (i % 7 == 0) {
                deque.clearTaken();
            }
        }
        assertNull(deque.pop(owner));
    }

    @Test
    void checkCapacity_aboveTheLargest_namesTheOptionAndTheLimit() {
        assertEquals(WorkDeque.MAX_CAPACITY, WorkDeque.checkCapacity(WorkDeque.MAX_CAPACITY));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WorkDeque.checkCapacity(WorkDeque.MAX_CAPACITY * 2));
        assertTrue(error.getMessage().contains("dequeCapacity is 1073741824"), error.getMessage());
        assertTrue(error.getMessage().contains("at most 536870912"), error.getMessage());
    }

    @Test
    void steal_afterPushes_returnsOldestFirst() {
        WorkDeque deque = new WorkDeque(4);
        Worker thief = worker(1);
        Object a = new Object();
        Object b = new Object();
        deque.push(a, null);
        deque.push(b, null);
        assertSame(a, deque.steal(thief));
        assertSame(b, deque.steal(thief));
        assertNull(deque.steal(thief));
    }

    @Test
    void push_atCapacity_failsUntilAJobIsTaken() {
        WorkDeque deque = new WorkDeque(2);
        Worker owner = worker(0);
        assertTrue(deque.push(1, null));
        assertTrue(deque.push(2, null));
        assertFalse(deque.push(3, null), "a deque of capacity 2 accepted a third job");
        assertEquals(2, deque.size());
        assertEquals(2, deque.pop(owner));
        assertTrue(deque.push(3, null));
        for (int lap = 0; lap < 10; lap++) { // wrap around the array many times
            assertEquals(3, deque.pop(owner));
            assertTrue(deque.push(3, null));
        }
    }

    @RepeatedTest(5)
    void pushPopSteal_concurrently_takeEveryJobExactlyOnce() throws Exception {
        int jobs = 50_000;
        WorkDeque deque = new WorkDeque(64);
        AtomicIntegerArray taken = new AtomicIntegerArray(jobs);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch ownerDone = new CountDownLatch(1);
        CountDownLatch thievesDone = new CountDownLatch(2);
        Worker owner = worker(0);
        Thread ownerThread = new Thread(() -> {
            try {
                start.await();
                int next = 0;
                while (next < jobs) {
                    if (deque.push(next, null)) {
                        next++;
                    }
                    if ((next & 3) == 0) {
                        Object job = deque.pop(owner);
                        if (job != null) {
                            taken.incrementAndGet((Integer) job);
                        }
                    }
                }
                for (Object job; (job = deque.pop(owner)) != null; ) {
                    taken.incrementAndGet((Integer) job);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ownerDone.countDown();
            }
        });
        for (int t = 1; t <= 2; t++) {
            Worker thief = worker(t);
            Thread thiefThread = new Thread(() -> {
                try {
                    start.await();
                    while (ownerDone.getCount() > 0 || !deque.isEmpty()) {
                        Object job = deque.steal(thief);
                        if (job != null) {
                            taken.incrementAndGet((Integer) job);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    thievesDone.countDown();
                }
            });
            thiefThread.start();
        }
        ownerThread.start();
        start.countDown();
        assertTrue(ownerDone.await(30, TimeUnit.SECONDS), "the owner did not finish in 30 s");
        assertTrue(thievesDone.await(30, TimeUnit.SECONDS), "the thieves did not finish in 30 s");
        for (int i = 0; i < jobs; i++) {
            assertEquals(1, taken.get(i), "job " + i + " taken " + taken.get(i) + " times");
        }
    }
}
