package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;

/**
 * SPEC rule 1.5: bad configuration fails where it is written, with a message naming the value,
 * the rule and the actual value; a good one is honoured by the provider.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class ConfigTck extends ThrTck {

    /** For subclasses. */
    protected ConfigTck() {
    }

    private static void assertRejected(String message, Runnable set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, set::run);
        assertEquals(message, e.getMessage());
    }

    /**
     * SPEC rule 1.5: a parallelism below 1 is rejected.
     *
     * <p>If this fails: the provider was given a {@code ThrConfig} that thr-api should have
     * refused; check the thr-api version on the path.
     */
    @Test
    public void required_r1_5_parallelismBelowOneIsRejected() {
        assertRejected("parallelism must be >= 1 but was 0", () -> ThrConfig.builder().parallelism(0));
        assertRejected("parallelism must be >= 1 but was -3", () -> ThrConfig.builder().parallelism(-3));
    }

    /**
     * SPEC rule 1.5: a deque capacity that is not a power of two of at least 2 is rejected.
     *
     * <p>If this fails: check the thr-api version on the path.
     */
    @Test
    public void required_r1_5_dequeCapacityMustBeAPowerOfTwoOfAtLeastTwo() {
        assertRejected("dequeCapacity must be a power of two >= 2 but was 3",
                () -> ThrConfig.builder().dequeCapacity(3));
        assertRejected("dequeCapacity must be a power of two >= 2 but was 1",
                () -> ThrConfig.builder().dequeCapacity(1));
        assertRejected("dequeCapacity must be a power of two >= 2 but was 0",
                () -> ThrConfig.builder().dequeCapacity(0));
        assertRejected("dequeCapacity must be a power of two >= 2 but was -2147483648",
                () -> ThrConfig.builder().dequeCapacity(Integer.MIN_VALUE));
    }

    /**
     * SPEC rule 1.5: a serial batch below 1, a negative spare cap and a non-positive spare
     * keep-alive are rejected.
     *
     * <p>If this fails: check the thr-api version on the path.
     */
    @Test
    public void required_r1_5_serialBatchSpareCapAndKeepAliveAreChecked() {
        assertRejected("serialBatch must be >= 1 but was 0", () -> ThrConfig.builder().serialBatch(0));
        assertRejected("maxSpareWorkers must be >= 0 but was -1",
                () -> ThrConfig.builder().maxSpareWorkers(-1));
        assertRejected("spareKeepAlive must be > 0 but was PT0S",
                () -> ThrConfig.builder().spareKeepAlive(Duration.ZERO));
        assertRejected("spareKeepAlive must be > 0 but was PT-1S",
                () -> ThrConfig.builder().spareKeepAlive(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> ThrConfig.builder().spareKeepAlive(null));
        assertThrows(IllegalArgumentException.class, () -> ThrConfig.builder().name(" "));
    }

    /**
     * SPEC rules 1.5 and 1.6: the provider honours the configuration's name and parallelism.
     *
     * <p>If this fails: {@code ThrProvider.create} must use the configuration it is given, not
     * defaults of its own.
     */
    @Test
    public void required_r1_5_providerHonoursTheConfiguration() {
        for (int parallelism : new int[] {1, 2, 3}) {
            ThrConfig config = config().parallelism(parallelism).dequeCapacity(4).serialBatch(2).build();
            Thr thr = newThr(config);
            assertEquals(config.name(), thr.name());
            assertEquals(parallelism, thr.parallelism());
            assertEquals(provider().name(), thr.providerName());
        }
    }
}
