package org.thrjob.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thrjob.api.spi.Checks;

class ChecksTest {

    @Test
    void notNull_null_namesTheParameter() {
        assertEquals("job must not be null",
                assertThrows(NullPointerException.class, () -> Checks.notNull(null, "job")).getMessage());
        Object value = new Object();
        assertSame(value, Checks.notNull(value, "job"));
    }

    @Test
    void notBlank_blankOrNull_isRejected() {
        assertEquals("name must not be blank but was '\t'",
                assertThrows(IllegalArgumentException.class, () -> Checks.notBlank("\t", "name")).getMessage());
        assertEquals("name must not be blank but was ''",
                assertThrows(IllegalArgumentException.class, () -> Checks.notBlank("", "name")).getMessage());
        assertThrows(NullPointerException.class, () -> Checks.notBlank(null, "name"));
        assertEquals(" q ", Checks.notBlank(" q ", "name"));
    }

    @Test
    void atLeast_belowTheBound_namesBoundAndValue() {
        assertEquals("width must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> Checks.atLeast(0, 1, "width")).getMessage());
        assertEquals("posted must be >= 0 but was -9223372036854775808",
                assertThrows(IllegalArgumentException.class,
                        () -> Checks.atLeast(Long.MIN_VALUE, 0L, "posted")).getMessage());
        assertEquals(1, Checks.atLeast(1, 1, "width"));
        assertEquals(Long.MAX_VALUE, Checks.atLeast(Long.MAX_VALUE, 0L, "posted"));
    }

    @Test
    void powerOfTwo_otherValues_areRejected() {
        for (int bad : new int[] {Integer.MIN_VALUE, -4, 0, 1, 3, 6, 100, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Checks.powerOfTwo(bad, 2, "capacity"));
            assertEquals("capacity must be a power of two >= 2 but was " + bad, e.getMessage());
        }
        for (int good : new int[] {2, 4, 256, 1 << 30}) {
            assertEquals(good, Checks.powerOfTwo(good, 2, "capacity"));
        }
    }

    @Test
    void notNegative_negativeOrNull_isRejected() {
        assertEquals("delay must not be negative but was PT-1S",
                assertThrows(IllegalArgumentException.class,
                        () -> Checks.notNegative(Duration.ofSeconds(-1), "delay")).getMessage());
        assertThrows(NullPointerException.class, () -> Checks.notNegative(null, "delay"));
        assertEquals(Duration.ZERO, Checks.notNegative(Duration.ZERO, "delay"));
    }
}
