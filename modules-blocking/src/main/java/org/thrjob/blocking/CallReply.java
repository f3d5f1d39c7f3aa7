package org.thrjob.blocking;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The reply of a command a module ran with {@link CommandContext#call} or
 * {@link ThreadSafeContext#call} ({@code RedisModuleCallReply}): one RESP value, arrays holding
 * their elements. A module answers it as is with {@link Replies#replyCallReply}.
 *
 * <p><b>Thread-safety:</b> immutable; any thread. The factories refuse null with
 * {@link NullPointerException}; an accessor that does not fit the type throws
 * {@link IllegalStateException} naming the type.
 */
public final class CallReply {

    /** The RESP type of a reply. */
    public enum Type {
        /** {@code +OK}. */
        SIMPLE,
        /** {@code -ERR ...}: a failed call ({@code E} flag of {@code RedisModule_Call}). */
        ERROR,
        /** {@code :42}. */
        INTEGER,
        /** {@code $5 hello}. */
        BULK,
        /** The null reply (null bulk or null array). */
        NULL,
        /** An array of replies. */
        ARRAY,
        /** A RESP3 map: keys and values alternate in {@link #elements()}. */
        MAP,
        /** A RESP3 set. */
        SET,
        /** A RESP3 boolean. */
        BOOL,
        /** A RESP3 double. */
        DOUBLE
    }

    private static final CallReply NULL = new CallReply(Type.NULL, null, List.of(), false);

    private final Type type;
    private final Object value;
    private final List<CallReply> elements;
    private final boolean rejected;

    private CallReply(Type type, Object value, List<CallReply> elements, boolean rejected) {
        this.type = type;
        this.value = value;
        this.elements = elements;
        this.rejected = rejected;
    }

    private CallReply(Type type, Object value, List<CallReply> elements) {
        this(type, value, elements, false);
    }

    /**
     * The error of a command that did not run: its name is unknown or its arity wrong. Redis's
     * {@code RedisModule_Call} without the {@code E} flag returns NULL then (errno ENOENT or
     * EINVAL); a module that wants that behaviour checks {@link #isRejected()}.
     *
     * @param message the message, its code first
     * @return the reply, of type {@link Type#ERROR}
     */
    public static CallReply rejected(String message) {
        return new CallReply(Type.ERROR, Objects.requireNonNull(message, "message must not be null"), List.of(), true);
    }

    /**
     * Whether the command did not run at all (unknown name, wrong arity): see {@link #rejected}.
     *
     * @return true for a refused call
     */
    public boolean isRejected() {
        return rejected;
    }

    /**
     * A simple string.
     *
     * @param value the text
     * @return the reply
     */
    public static CallReply simple(String value) {
        return new CallReply(Type.SIMPLE, Objects.requireNonNull(value, "value must not be null"), List.of());
    }

    /**
     * An error.
     *
     * @param message the message, its code first ({@code ERR ...})
     * @return the reply
     */
    public static CallReply error(String message) {
        return new CallReply(Type.ERROR, Objects.requireNonNull(message, "message must not be null"), List.of());
    }

    /**
     * An integer.
     *
     * @param value the value
     * @return the reply
     */
    public static CallReply integer(long value) {
        return new CallReply(Type.INTEGER, value, List.of());
    }

    /**
     * A bulk string.
     *
     * @param value the bytes (copied)
     * @return the reply
     */
    public static CallReply bulk(byte[] value) {
        return new CallReply(Type.BULK, Objects.requireNonNull(value, "value must not be null").clone(), List.of());
    }

    /**
     * The null reply.
     *
     * @return the reply
     */
    public static CallReply nullReply() {
        return NULL;
    }

    /**
     * An aggregate: an array, a map (keys and values alternating) or a set.
     *
     * @param type     {@link Type#ARRAY}, {@link Type#MAP} or {@link Type#SET}
     * @param elements the elements (copied); a map's count must be even
     * @return the reply
     * @throws IllegalArgumentException for another type or an odd map
     */
    public static CallReply aggregate(Type type, List<CallReply> elements) {
        if (type != Type.ARRAY && type != Type.MAP && type != Type.SET) {
            throw new IllegalArgumentException("an aggregate is an ARRAY, MAP or SET, not " + type);
        }
        if (type == Type.MAP && elements.size() % 2 != 0) {
            throw new IllegalArgumentException("a map needs keys and values in pairs but got "
                    + elements.size() + " elements");
        }
        return new CallReply(type, null, List.copyOf(elements));
    }

    /**
     * A boolean.
     *
     * @param value the value
     * @return the reply
     */
    public static CallReply bool(boolean value) {
        return new CallReply(Type.BOOL, value, List.of());
    }

    /**
     * A double.
     *
     * @param value the value
     * @return the reply
     */
    public static CallReply doubleValue(double value) {
        return new CallReply(Type.DOUBLE, value, List.of());
    }

    /**
     * The type.
     *
     * @return the type
     */
    public Type type() {
        return type;
    }

    /**
     * Whether the call failed ({@link Type#ERROR}).
     *
     * @return true for an error
     */
    public boolean isError() {
        return type == Type.ERROR;
    }

    /**
     * The text of a simple string, an error or a bulk string (as UTF-8).
     *
     * @return the text
     * @throws IllegalStateException for another type
     */
    public String string() {
        return switch (type) {
            case SIMPLE, ERROR -> (String) value;
            case BULK -> new String((byte[]) value, StandardCharsets.UTF_8);
            default -> throw wrong("string()");
        };
    }

    /**
     * The bytes of a bulk string.
     *
     * @return a copy of the bytes
     * @throws IllegalStateException for another type
     */
    public byte[] bytes() {
        if (type != Type.BULK) {
            throw wrong("bytes()");
        }
        return ((byte[]) value).clone();
    }

    /**
     * The value of an integer.
     *
     * @return the value
     * @throws IllegalStateException for another type
     */
    public long integer() {
        if (type != Type.INTEGER) {
            throw wrong("integer()");
        }
        return (Long) value;
    }

    /**
     * The value of a boolean.
     *
     * @return the value
     * @throws IllegalStateException for another type
     */
    public boolean bool() {
        if (type != Type.BOOL) {
            throw wrong("bool()");
        }
        return (Boolean) value;
    }

    /**
     * The value of a double.
     *
     * @return the value
     * @throws IllegalStateException for another type
     */
    public double doubleValue() {
        if (type != Type.DOUBLE) {
            throw wrong("doubleValue()");
        }
        return (Double) value;
    }

    /**
     * The elements of an array, a set, or a map (keys and values alternating); empty for others.
     *
     * @return the elements (unmodifiable)
     */
    public List<CallReply> elements() {
        return elements;
    }

    private IllegalStateException wrong(String what) {
        return new IllegalStateException(what + " does not apply to a reply of type " + type
                + ": check type() first");
    }

    @Override
    public String toString() {
        return switch (type) {
            case NULL -> "NULL";
            case ARRAY, MAP, SET -> type + " " + elements;
            case BULK -> "BULK " + string();
            default -> type + " " + value;
        };
    }
}
