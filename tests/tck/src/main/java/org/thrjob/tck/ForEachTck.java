package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.Thr;

/**
 * SPEC rules 6.1 to 6.3: {@code forEach} ({@code thr_for_each}) calls its body once per index,
 * returns after the last call, splits the range over the workers and rethrows failures.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class ForEachTck extends ThrTck {

    /** For subclasses. */
    protected ForEachTck() {
    }

    /** Runs {@code forEach(count)} and checks that each index was visited exactly once. */
    private void assertEachIndexOnce(Thr thr, int count) {
        AtomicIntegerArray visits = new AtomicIntegerArray(Math.max(count, 1));
        AtomicInteger outOfRange = new AtomicInteger();
        thr.forEach(count, i -> {
            if (i < 0 || i >= count) {
                outOfRange.incrementAndGet();
            } else {
                visits.incrementAndGet(i);
            }
        });
        assertEquals(0, outOfRange.get(), "body called with an index outside [0, " + count + ")");
        for (int i = 0; i < count; i++) {
            if (visits.get(i) != 1) {
                assertEquals(1, visits.get(i), "index " + i + " of " + count + " visited "
                        + visits.get(i) + " times");
            }
        }
    }

    /**
     * SPEC rule 6.1: count 0 returns at once without calling the body.
     *
     * <p>If this fails: an empty range must neither call the body nor block.
     */
    @Test
    public void required_r6_1_forEachZeroCallsNothing() {
        AtomicInteger calls = new AtomicInteger();
        newThr().forEach(0, i -> calls.incrementAndGet());
        assertEquals(0, calls.get());
    }

    /**
     * SPEC rule 6.1: count 1 calls the body once with index 0.
     *
     * <p>If this fails: check the range bounds for a single index.
     */
    @Test
    public void required_r6_1_forEachOneVisitsIndexZeroOnce() {
        assertEachIndexOnce(newThr(), 1);
    }

    /**
     * SPEC rule 6.1: count 7 (fewer indexes than {@code 2 * parallelism}) visits each index once.
     *
     * <p>If this fails: the chunking of a range smaller than the number of chunks must neither
     * drop nor repeat an index (rounding of the chunk size).
     */
    @Test
    public void required_r6_1_forEachSevenVisitsEachIndexOnce() {
        Thr thr = newThr();
        for (int round = 0; round < 100; round++) {
            assertEachIndexOnce(thr, 7);
        }
    }

    /**
     * SPEC rule 6.1: count 1,000,000 visits each index exactly once.
     *
     * <p>If this fails: check the splitting of stolen chunks (both halves, no overlap) and the
     * last chunk's bound.
     */
    @Test
    public void required_r6_1_forEachMillionVisitsEachIndexOnce() {
        assertEachIndexOnce(newThr(), 1_000_000);
    }

    /**
     * SPEC rule 6.1: odd counts around the chunk boundaries, with parallelism 1, 3 and 4.
     *
     * <p>If this fails: the chunk size computed from the parallelism must cover the whole range.
     */
    @Test
    public void required_r6_1_forEachVisitsEachIndexOnceForManyCounts() {
        for (int parallelism : new int[] {1, 3, 4}) {
            Thr thr = newThr(config().parallelism(parallelism).build());
            for (int count : new int[] {2, 3, 5, 8, 9, 63, 64, 65, 127, 1_001, 4_097}) {
                assertEachIndexOnce(thr, count);
            }
        }
    }

    /**
     * SPEC rule 6.1: a negative count throws {@link IllegalArgumentException} and calls nothing;
     * a null body throws {@link NullPointerException} (2.7).
     *
     * <p>If this fails: check the arguments before scheduling anything.
     */
    @Test
    public void required_r6_1_forEachNegativeCountThrowsIae() {
        Thr thr = newThr();
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalArgumentException.class, () -> thr.forEach(-1, i -> calls.incrementAndGet()));
        assertThrows(IllegalArgumentException.class,
                () -> thr.forEach(Integer.MIN_VALUE, i -> calls.incrementAndGet()));
        assertThrows(NullPointerException.class, () -> thr.forEach(10, null));
        assertEquals(0, calls.get());
    }

    /**
     * SPEC rule 6.1: {@code forEach} returns only after the last call ended, and the calls' plain
     * writes are visible to the caller.
     *
     * <p>If this fails: wait for every chunk, stolen ones included, before returning.
     */
    @Test
    public void required_r6_1_forEachReturnsAfterTheLastCallEnded() {
        Thr thr = newThr();
        AtomicInteger running = new AtomicInteger();
        for (int round = 0; round < 20; round++) {
            int[] plain = new int[10_000];
            thr.forEach(plain.length, i -> {
                running.incrementAndGet();
                plain[i] = i + 1;
                running.decrementAndGet();
            });
            assertEquals(0, running.get(), "forEach returned while a call was running");
            for (int i = 0; i < plain.length; i++) {
                assertEquals(i + 1, plain[i], "write of index " + i + " not visible");
            }
        }
    }

    /**
     * SPEC rule 6.1: {@code forEach} from inside a job (nested parallel loops) completes.
     *
     * <p>If this fails: a worker calling {@code forEach} must help run the chunks, not wait idle.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void required_r6_1_nestedForEachFromJobsCompletes() throws InterruptedException {
        Thr thr = newThr(config().parallelism(2).build());
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(8);
        for (int j = 0; j < 8; j++) {
            thr.schedule(() -> {
                thr.forEach(1_000, i -> calls.incrementAndGet());
                done.countDown();
            });
        }
        await(done, "nested forEach loops");
        assertEquals(8_000, calls.get());
    }

    /**
     * SPEC rule 6.3: failures of the body are rethrown as {@link JobFailedException} after every
     * call ended, with a thrown failure as cause.
     *
     * <p>If this fails: record the failures like a syn does and throw only once every index ran.
     */
    @Test
    public void required_r6_3_forEachRethrowsFailuresAfterEveryCall() {
        Thr thr = newThr();
        AtomicInteger calls = new AtomicInteger();
        Set<Throwable> thrown = ConcurrentHashMap.newKeySet();
        JobFailedException e = assertThrows(JobFailedException.class, () -> thr.forEach(10_000, i -> {
            calls.incrementAndGet();
            if (i % 1_000 == 0) {
                IllegalStateException failure = new IllegalStateException("index " + i);
                thrown.add(failure);
                throw failure;
            }
        }));
        assertEquals(10_000, calls.get(), "forEach threw before every index was visited");
        assertTrue(thrown.contains(e.getCause()), "the cause must be one of the body's failures");
        assertEquals(10, 1 + e.getSuppressed().length, "cause plus suppressed");
    }

    /**
     * SPEC rule 6.2 (SHOULD): the range is split over several workers: with 4 workers, index 0
     * can wait for another index to start on another thread.
     *
     * <p>If this fails: the provider runs the loop on one thread; split it into about
     * {@code 2 * parallelism()} chunks that idle workers take.
     *
     * @throws InterruptedException if interrupted
     */
    @Test
    public void optional_r6_2_forEachRunsOnSeveralWorkers() throws InterruptedException {
        Thr thr = newThr();
        CountDownLatch otherThread = new CountDownLatch(1);
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicInteger waitedOut = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        thr.forEach(1_000, i -> {
            threads.add(Thread.currentThread());
            if (i == 0) {
                Thread me = Thread.currentThread();
                first.set(me);
                if (threads.stream().anyMatch(t -> t != me)) {
                    otherThread.countDown(); // another thread already ran an index
                }
                try {
                    if (!otherThread.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        waitedOut.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (first.get() != null && first.get() != Thread.currentThread()) {
                otherThread.countDown();
            }
        });
        assertEquals(0, waitedOut.get(), "no other thread took part of the range while index 0 ran");
        assertTrue(threads.size() > 1, "ran on " + threads);
    }

    /**
     * SPEC rule 6.1: a {@code forEach} of 100,003 from the test thread and another from a job of
     * a 3-worker runtime each call the body exactly once per index.
     *
     * <p>If this fails: the split of the range differs between a call from a worker and one from
     * outside; both must cover every index once.
     */
    @Test
    public void required_r6_1_forEachFromAWorkerAndFromOutsideVisitsEachIndexOnce() {
        Thr thr = newThr(config().parallelism(3).build());
        int count = 100_003;
        AtomicIntegerArray calls = new AtomicIntegerArray(count);
        thr.forEach(count, calls::incrementAndGet);
        org.thrjob.api.Syn syn = thr.newSyn();
        thr.schedule(syn, () -> thr.forEach(count, calls::incrementAndGet));
        assertTrue(syn.await(TIMEOUT), "the job running forEach never ended");
        for (int i = 0; i < count; i++) {
            if (calls.get(i) != 2) {
                assertEquals(2, calls.get(i), "calls of index " + i);
            }
        }
    }
}
