package org.thrjob.blocking;

/**
 * Where replies go: the host implements it for its transport (a RESP writer, a test's recorder).
 * The context already adapts RESP3 types for RESP2 clients ({@link CommandContext#replyMap} becomes
 * a flat array, a boolean an integer, a double a bulk string), so a sink of a RESP2 client never
 * sees {@link #map}, {@link #set}, {@link #bool} or {@link #doubleValue}.
 *
 * <p><b>Thread-safety:</b> called on the main thread only.
 */
public interface ReplySink {

    /**
     * A simple string ({@code +OK}).
     *
     * @param value the string, without CR or LF (never null)
     */
    void simple(String value);

    /**
     * An error ({@code -ERR ...}).
     *
     * @param message the message starting with its code, e.g. {@code ERR wrong ...} (never null)
     */
    void error(String message);

    /**
     * An integer ({@code :42}).
     *
     * @param value the value
     */
    void integer(long value);

    /**
     * A bulk string ({@code $5 hello}).
     *
     * @param value the bytes (never null)
     */
    void bulk(byte[] value);

    /** The null reply: {@code $-1} for RESP2, {@code _} for RESP3. */
    void nullValue();

    /**
     * An array header followed by {@code length} replies.
     *
     * @param length the number of elements, not negative
     */
    void array(int length);

    /**
     * A RESP3 map header followed by {@code pairs} key/value replies.
     *
     * @param pairs the number of pairs, not negative
     */
    void map(int pairs);

    /**
     * A RESP3 set header followed by {@code length} replies.
     *
     * @param length the number of elements, not negative
     */
    void set(int length);

    /**
     * A RESP3 boolean.
     *
     * @param value the value
     */
    void bool(boolean value);

    /**
     * A RESP3 double.
     *
     * @param value the value
     */
    void doubleValue(double value);
}
