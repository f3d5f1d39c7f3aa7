package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.Thr;

/** Double explosion: about {@code 2 * parallelism} coarse jobs that post the fine ones. */
@Timeout(60)
class DoubleExplosionTest {

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
    void chunkSize_variousCounts_isCeilingOfCountOverTwiceParallelism() {
        assertEquals(1, DoubleExplosion.chunkSize(0, 4));
        assertEquals(1, DoubleExplosion.chunkSize(8, 4));
        assertEquals(2, DoubleExplosion.chunkSize(9, 4));
        assertEquals(13, DoubleExplosion.chunkSize(100, 4));
        assertEquals(500, DoubleExplosion.chunkSize(1_000, 1));
    }

    @Test
    void chunkSize_parallelismZero_throwsNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoubleExplosion.chunkSize(10, 0));

        assertEquals("parallelism must be >= 1 but was 0", e.getMessage());
    }

    @Test
    void squares_fiftyThousandValues_everyFineJobRanOnceWithTheRightResult() {
        int n = 50_000;
        int[] values = IntStream.rangeClosed(1, n).toArray();

        DoubleExplosion.Outcome outcome = DoubleExplosion.squares(thr, values);

        assertEquals(n, outcome.fineJobs());
        for (int i = 0; i < n; i++) {
            assertEquals((long) values[i] * values[i], outcome.squares()[i], "index " + i);
        }
        assertEquals((long) n * (n + 1) * (2L * n + 1) / 6, outcome.sum());
    }

    @Test
    void squares_anyCount_postsAtMostTwiceParallelismCoarseJobs() {
        int most = 2 * thr.parallelism();
        for (int n : new int[] {1, 7, 8, 9, 100, 1_001, 10_000}) {
            DoubleExplosion.Outcome outcome = DoubleExplosion.squares(thr, new int[n]);

            assertTrue(outcome.coarseJobs() <= most,
                    n + " values made " + outcome.coarseJobs() + " coarse jobs, more than " + most);
            int chunk = DoubleExplosion.chunkSize(n, thr.parallelism());
            assertEquals((n + chunk - 1) / chunk, outcome.coarseJobs(), n + " values");
            assertEquals(n, outcome.fineJobs(), n + " values");
        }
    }

    @Test
    void squares_noValues_postsNothing() {
        DoubleExplosion.Outcome outcome = DoubleExplosion.squares(thr, new int[0]);

        assertEquals(0, outcome.coarseJobs());
        assertEquals(0, outcome.fineJobs());
    }
}
