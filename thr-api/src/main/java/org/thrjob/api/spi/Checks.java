package org.thrjob.api.spi;

/**
 * The one precondition helper of thrjob, for the API and for providers: each check throws with a
 * message that names the parameter, the rule and the actual value, e.g.
 * {@code "parallelism must be >= 1 but was 0"}.
 *
 * <p><b>Thread-safety:</b> stateless; every method may be called from any thread.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks that a reference is not null.
     *
     * @param <T>   the value type
     * @param value the value to check
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws NullPointerException {@code "<name> must not be null"}
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * Checks that a string is neither null nor blank.
     *
     * @param value the value to check
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException {@code "<name> must not be blank but was '...'"}
     */
    public static String notBlank(String value, String name) {
        notNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank but was '" + value + "'");
        }
        return value;
    }

    /**
     * Checks a lower bound.
     *
     * @param value the value to check
     * @param min   the smallest value allowed
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<name> must be >= <min> but was <value>"}
     */
    public static long atLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
        return value;
    }

    /**
     * Checks a lower bound on an int.
     *
     * @param value the value to check
     * @param min   the smallest value allowed
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<name> must be >= <min> but was <value>"}
     */
    public static int atLeast(int value, int min, String name) {
        atLeast((long) value, min, name);
        return value;
    }

    /**
     * Checks that an int is a power of two no smaller than {@code min}.
     *
     * @param value the value to check
     * @param min   the smallest value allowed
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws IllegalArgumentException {@code "<name> must be a power of two >= <min> but was <value>"}
     */
    public static int powerOfTwo(int value, int min, String name) {
        if (value < min || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(
                    name + " must be a power of two >= " + min + " but was " + value);
        }
        return value;
    }

    /**
     * Checks that a duration is not null and not negative.
     *
     * @param value the value to check
     * @param name  the parameter's name, for the message
     * @return {@code value}
     * @throws NullPointerException     if {@code value} is null
     * @throws IllegalArgumentException {@code "<name> must not be negative but was <value>"}
     */
    public static java.time.Duration notNegative(java.time.Duration value, String name) {
        notNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
        return value;
    }
}
