package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.JobFailedException;
import org.thrjob.api.Thr;

/** Divide &amp; conquer over a list: one unordered job per element, one syn, one wait. */
@Timeout(60)
class DivideAndConquerTest {

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    @Test
    void sumOfSquares_oneToTwentyThousand_equalsClosedForm() {
        int n = 20_000;
        long expected = (long) n * (n + 1) * (2L * n + 1) / 6;

        assertEquals(expected, DivideAndConquer.sumOfSquares(thr, IntStream.rangeClosed(1, n).toArray()));
    }

    @Test
    void squares_repeatedRounds_everySlotWrittenBeforeAwaitReturns() {
        // Each round reads every slot right after the wait: a job still running, or a write not
        // yet visible, leaves a zero behind.
        int[] values = IntStream.rangeClosed(1, 500).toArray();
        long[] expected = IntStream.of(values).mapToLong(v -> (long) v * v).toArray();
        for (int round = 0; round < 50; round++) {
            assertArrayEquals(expected, DivideAndConquer.squares(thr, values), "round " + round);
        }
    }

    @Test
    void applyToAll_tenThousandItems_eachItemProcessedExactlyOnce() {
        int n = 10_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);

        DivideAndConquer.applyToAll(thr, IntStream.range(0, n).boxed().toList(), seen::incrementAndGet);

        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.get(i), "item " + i);
        }
    }

    @Test
    void applyToAll_oneItemFails_awaitRethrowsAfterEveryOtherItemRan() {
        int n = 1_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        IllegalArgumentException boom = new IllegalArgumentException("item 13 is bad");

        JobFailedException failure = assertThrows(JobFailedException.class,
                () -> DivideAndConquer.applyToAll(thr, IntStream.range(0, n).boxed().toList(), item -> {
                    seen.incrementAndGet(item);
                    if (item == 13) {
                        throw boom;
                    }
                }));

        assertEquals(boom, failure.getCause());
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen.get(i), "item " + i);
        }
    }

    @Test
    void squares_noValues_returnsEmptyArray() {
        assertArrayEquals(new long[0], DivideAndConquer.squares(thr, new int[0]));
        assertEquals(0, DivideAndConquer.sumOfSquares(thr, new int[0]));
    }

    @Test
    void applyToAll_nullAction_throwsNamingTheParameter() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> DivideAndConquer.applyToAll(thr, List.of(1), null));

        assertEquals("action must not be null", e.getMessage());
    }
}
