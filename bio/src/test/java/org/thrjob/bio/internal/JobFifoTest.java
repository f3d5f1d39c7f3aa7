package org.thrjob.bio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The FIFO's own contract: slots by number, across chunks, from racing producers. */
class JobFifoTest {

    @Test
    void take_afterPuts_returnsJobsByNumberWithTheirTimes() {
        JobFifo fifo = new JobFifo(4);
        fifo.put(0, "a", 10L);
        fifo.put(1, "b", 11L);
        assertEquals(10L, fifo.peek(0));
        assertSame("a", fifo.take(0));
        assertEquals(10L, fifo.takenNanos());
        assertTrue(fifo.stored(1));
        assertSame("b", fifo.takeCounted(1));
        assertEquals(11L, fifo.takenNanos());
        assertNull(fifo.take(2));
        assertFalse(fifo.stored(2));
        assertEquals(Long.MIN_VALUE, fifo.peek(2));
    }

    @Test
    void take_numberStoredBeforeAnEarlierOne_waitsForTheEarlierOne() {
        JobFifo fifo = new JobFifo(2);
        fifo.put(1, "second", 2L); // its producer won the CAS later but stored first
        assertNull(fifo.take(0), "number 0 is handed out but not stored yet");
        fifo.put(0, "first", 1L);
        assertSame("first", fifo.take(0));
        assertSame("second", fifo.take(1));
    }

    @Test
    void take_clearsTheSlot_soWhatRanIsNotReachableFromTheFifo() {
        JobFifo fifo = new JobFifo(4);
        fifo.put(0, "a", 1L);
        fifo.take(0);
        assertEquals(Long.MIN_VALUE, fifo.peek(0), "a taken slot still holds its job");
    }

    @Test
    void put_farAhead_createsEveryChunkOnTheWay() {
        JobFifo fifo = new JobFifo(2);
        fifo.put(9, "j9", 9L); // a producer five chunks ahead of everyone
        for (long n = 0; n < 9; n++) {
            fifo.put(n, "j" + n, n);
        }
        for (long n = 0; n < 10; n++) {
            assertEquals("j" + n, fifo.take(n));
        }
    }

    @Test
    void put_behindTheHint_walksBackToItsChunk() {
        JobFifo fifo = new JobFifo(2);
        fifo.put(7, "j7", 7L); // moves the producers' hint to the fourth chunk
        fifo.put(0, "j0", 0L); // a producer descheduled since it took number 0
        assertSame("j0", fifo.take(0));
    }

    @Test
    void constructor_chunkSizeBelowOne_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JobFifo(0));
        assertTrue(e.getMessage().contains("chunkSize must be at least 1, was 0"), e.getMessage());
    }

    /**
     * Four producers take numbers from a shared counter, as bio's state CAS hands them out, and
     * store them with chunks of 3 slots, so that almost every store races a chunk's creation or a
     * walk; one consumer takes them in order. Every number arrives once, with its own job.
     */
    @Test
    void putAndTake_racingProducersAcrossChunks_deliverEveryNumberOnceInOrder() throws Exception {
        for (int round = 0; round < 20; round++) {
            JobFifo fifo = new JobFifo(3);
            AtomicLong numbers = new AtomicLong();
            int producers = 4;
            int perProducer = 20_000;
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perProducer; i++) {
                        long n = numbers.getAndIncrement();
                        fifo.put(n, n, n);
                    }
                }, "producer-" + p);
                t.start();
                threads.add(t);
            }
            start.countDown();
            long total = (long) producers * perProducer;
            for (long n = 0; n < total; n++) {
                Object job = fifo.takeCounted(n);
                assertEquals(n, (long) (Long) job, "round " + round + ": number " + n);
                assertEquals(n, fifo.takenNanos(), "round " + round + ": time of number " + n);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(t.isAlive(), t.getName() + " did not finish within 30 s");
            }
            assertNull(fifo.take(total), "round " + round + ": a job beyond the last number");
        }
    }
}
