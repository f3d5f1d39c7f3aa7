package org.thrjob.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** SPEC rule 1.5: every setter rejects a bad value at once, naming the value, the rule and it. */
class ThrConfigTest {

    private static void assertRejected(String message, Executable set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set);
        assertEquals(message, e.getMessage());
    }

    @Test
    void parallelism_belowOne_isRejected() {
        assertRejected("parallelism must be >= 1 but was 0", () -> ThrConfig.builder().parallelism(0));
        assertRejected("parallelism must be >= 1 but was -1", () -> ThrConfig.builder().parallelism(-1));
        assertEquals(1, ThrConfig.builder().parallelism(1).build().parallelism());
    }

    @Test
    void dequeCapacity_notAPowerOfTwoOfAtLeastTwo_isRejected() {
        assertRejected("dequeCapacity must be a power of two >= 2 but was 3",
                () -> ThrConfig.builder().dequeCapacity(3));
        assertRejected("dequeCapacity must be a power of two >= 2 but was 1",
                () -> ThrConfig.builder().dequeCapacity(1));
        assertRejected("dequeCapacity must be a power of two >= 2 but was 0",
                () -> ThrConfig.builder().dequeCapacity(0));
        assertRejected("dequeCapacity must be a power of two >= 2 but was 257",
                () -> ThrConfig.builder().dequeCapacity(257));
        assertRejected("dequeCapacity must be a power of two >= 2 but was -2147483648",
                () -> ThrConfig.builder().dequeCapacity(Integer.MIN_VALUE));
        assertEquals(2, ThrConfig.builder().dequeCapacity(2).build().dequeCapacity());
        assertEquals(1 << 30, ThrConfig.builder().dequeCapacity(1 << 30).build().dequeCapacity());
    }

    @Test
    void serialBatch_belowOne_isRejected() {
        assertRejected("serialBatch must be >= 1 but was 0", () -> ThrConfig.builder().serialBatch(0));
    }

    @Test
    void maxSpareWorkers_negative_isRejectedAndZeroAllowed() {
        assertRejected("maxSpareWorkers must be >= 0 but was -1",
                () -> ThrConfig.builder().maxSpareWorkers(-1));
        assertEquals(0, ThrConfig.builder().maxSpareWorkers(0).build().maxSpareWorkers());
    }

    @Test
    void spareKeepAlive_notPositive_isRejected() {
        assertRejected("spareKeepAlive must be > 0 but was PT0S",
                () -> ThrConfig.builder().spareKeepAlive(Duration.ZERO));
        assertRejected("spareKeepAlive must be > 0 but was PT-0.001S",
                () -> ThrConfig.builder().spareKeepAlive(Duration.ofMillis(-1)));
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ThrConfig.builder().spareKeepAlive(null));
        assertEquals("spareKeepAlive must not be null", e.getMessage());
    }

    @Test
    void name_nullOrBlank_isRejected() {
        assertEquals("name must not be null",
                assertThrows(NullPointerException.class, () -> ThrConfig.builder().name(null)).getMessage());
        assertRejected("name must not be blank but was ' '", () -> ThrConfig.builder().name(" "));
    }

    @Test
    void defaults_matchTheConstants() {
        ThrConfig config = ThrConfig.defaults();
        assertEquals("thr", config.name());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.parallelism());
        assertEquals(ThrConfig.DEFAULT_DEQUE_CAPACITY, config.dequeCapacity());
        assertEquals(256, config.dequeCapacity());
        assertEquals(ThrConfig.DEFAULT_SERIAL_BATCH, config.serialBatch());
        assertEquals(ThrConfig.DEFAULT_MAX_SPARE_WORKERS, config.maxSpareWorkers());
        assertEquals(ThrConfig.DEFAULT_SPARE_KEEP_ALIVE, config.spareKeepAlive());
        assertEquals(Optional.empty(), config.failureHandler());
        assertSame(config, ThrConfig.defaults());
    }

    @Test
    void toBuilder_copiesEveryValue() {
        FailureHandler handler = (job, where, failure) -> {
        };
        ThrConfig config = ThrConfig.builder().name("indexer").parallelism(3).dequeCapacity(64)
                .serialBatch(8).maxSpareWorkers(5).spareKeepAlive(Duration.ofSeconds(7))
                .failureHandler(handler).build();

        ThrConfig copy = config.toBuilder().build();

        assertNotSame(config, copy);
        assertEquals(config.toString(), copy.toString());
        assertEquals("indexer", copy.name());
        assertEquals(3, copy.parallelism());
        assertEquals(64, copy.dequeCapacity());
        assertEquals(8, copy.serialBatch());
        assertEquals(5, copy.maxSpareWorkers());
        assertEquals(Duration.ofSeconds(7), copy.spareKeepAlive());
        assertSame(handler, copy.failureHandler().orElseThrow());
        assertEquals(Optional.empty(), copy.toBuilder().failureHandler(null).build().failureHandler());
    }

    @Test
    void builder_rejectedValue_leavesTheEarlierValue() {
        ThrConfig.Builder builder = ThrConfig.builder().parallelism(2);

        assertThrows(IllegalArgumentException.class, () -> builder.parallelism(0));

        assertEquals(2, builder.build().parallelism());
    }

    @Test
    void toString_namesEveryValue() {
        String text = ThrConfig.builder().name("n").parallelism(2).build().toString();
        assertTrue(text.contains("name=n") && text.contains("parallelism=2")
                && text.contains("failureHandler=default"), text);
    }
}
