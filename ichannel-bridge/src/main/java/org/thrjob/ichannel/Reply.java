package org.thrjob.ichannel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.thrjob.api.spi.Checks;

/**
 * A reply, one of the RESP3 types. It is written in its connection's RESP version when its turn
 * comes; on a RESP2 connection the RESP3 types become what Redis sends RESP2 clients:
 *
 * <table>
 *   <caption>RESP3 types and their RESP2 form</caption>
 *   <tr><th>reply</th><th>RESP3</th><th>RESP2</th></tr>
 *   <tr><td>{@link NullReply}</td><td>{@code _}</td><td>{@code $-1} (bulk) or {@code *-1} (array)</td></tr>
 *   <tr><td>{@link MapReply}</td><td>{@code %}</td><td>flat array of keys and values</td></tr>
 *   <tr><td>{@link SetReply}, {@link PushReply}</td><td>{@code ~}, {@code >}</td><td>array</td></tr>
 *   <tr><td>{@link DoubleReply}</td><td>{@code ,}</td><td>bulk string</td></tr>
 *   <tr><td>{@link BooleanReply}</td><td>{@code #t}/{@code #f}</td><td>{@code :1}/{@code :0}</td></tr>
 *   <tr><td>{@link BigNumberReply}</td><td>{@code (}</td><td>bulk string</td></tr>
 *   <tr><td>{@link VerbatimString}</td><td>{@code =}</td><td>bulk string of the text</td></tr>
 *   <tr><td>{@link BulkErrorReply}</td><td>{@code !}</td><td>simple error</td></tr>
 *   <tr><td>{@link AttributeReply}</td><td>{@code |} then the reply</td><td>the reply alone</td></tr>
 * </table>
 *
 * <p><b>Thread-safety:</b> replies are immutable values (a bulk's array is not copied: do not
 * change it after replying) and may be made and passed on any thread.
 *
 * <p><b>Null and range:</b> the factories throw {@link NullPointerException} for null arguments
 * and elements (use {@link #nullBulk()} for a null reply), and {@link IllegalArgumentException}
 * for a simple string holding CR or LF, or a verbatim format that is not three characters.
 */
public sealed interface Reply {

    /** {@code +OK}. */
    Reply OK = new SimpleString("OK");

    /** {@code +PONG}. */
    Reply PONG = new SimpleString("PONG");

    /**
     * A simple string ({@code +text}).
     *
     * @param text the text; no CR or LF
     * @return the reply
     */
    static Reply simple(String text) {
        return new SimpleString(text);
    }

    /**
     * An error. As Redis's {@code addReplyError}: a message not starting with {@code -} gets the
     * {@code ERR } code ({@code error("no such key")} is {@code -ERR no such key}); one starting with
     * {@code -} carries its own code ({@code "-WRONGTYPE ..."}). CR and LF become spaces.
     *
     * @param message the message; not null
     * @return the reply
     */
    static Reply error(String message) {
        return new ErrorReply(message);
    }

    /**
     * An integer ({@code :n}).
     *
     * @param value the value
     * @return the reply
     */
    static Reply integer(long value) {
        return new IntegerReply(value);
    }

    /**
     * A bulk string ({@code $len}) of bytes, not copied.
     *
     * @param bytes the bytes; not null
     * @return the reply
     */
    static Reply bulk(byte[] bytes) {
        return new BulkString(bytes);
    }

    /**
     * A bulk string of a string's UTF-8 bytes.
     *
     * @param text the text; not null
     * @return the reply
     */
    static Reply bulk(String text) {
        return new BulkString(Checks.notNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The null bulk string: {@code $-1} in RESP2, {@code _} in RESP3.
     *
     * @return the reply
     */
    static Reply nullBulk() {
        return NullReply.BULK;
    }

    /**
     * The null array: {@code *-1} in RESP2, {@code _} in RESP3.
     *
     * @return the reply
     */
    static Reply nullArray() {
        return NullReply.ARRAY;
    }

    /**
     * An array.
     *
     * @param elements the elements; not null, none null
     * @return the reply
     */
    static Reply array(List<? extends Reply> elements) {
        return new ArrayReply(List.copyOf(elements));
    }

    /**
     * An array.
     *
     * @param elements the elements; not null, none null
     * @return the reply
     */
    static Reply array(Reply... elements) {
        return new ArrayReply(Arrays.asList(elements));
    }

    /**
     * A map of keys and values given in turn: {@code map(k1, v1, k2, v2)}.
     *
     * @param keysAndValues an even number of replies; not null, none null
     * @return the reply
     */
    static Reply map(Reply... keysAndValues) {
        return new MapReply(Arrays.asList(keysAndValues));
    }

    /**
     * A set.
     *
     * @param elements the elements; not null, none null
     * @return the reply
     */
    static Reply set(List<? extends Reply> elements) {
        return new SetReply(List.copyOf(elements));
    }

    /**
     * A push (out-of-band data, RESP3 {@code >}).
     *
     * @param elements the elements; not null, none null
     * @return the reply
     */
    static Reply push(List<? extends Reply> elements) {
        return new PushReply(List.copyOf(elements));
    }

    /**
     * A double ({@code ,3.14}); infinities and NaN are {@code inf}, {@code -inf}, {@code nan}.
     *
     * @param value the value
     * @return the reply
     */
    static Reply doubleValue(double value) {
        return new DoubleReply(value);
    }

    /**
     * A boolean ({@code #t} / {@code #f}).
     *
     * @param value the value
     * @return the reply
     */
    static Reply bool(boolean value) {
        return value ? BooleanReply.TRUE : BooleanReply.FALSE;
    }

    /**
     * A big number ({@code (digits}).
     *
     * @param value the value; not null
     * @return the reply
     */
    static Reply bigNumber(java.math.BigInteger value) {
        return new BigNumberReply(Checks.notNull(value, "value").toString());
    }

    /**
     * A verbatim string ({@code =len\r\nfmt:text}).
     *
     * @param format three characters, e.g. {@code txt} or {@code mkd}
     * @param text   the text; not null
     * @return the reply
     */
    static Reply verbatim(String format, String text) {
        return new VerbatimString(format, Checks.notNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A bulk error ({@code !len}); same code rule as {@link #error(String)}.
     *
     * @param message the message; not null
     * @return the reply
     */
    static Reply bulkError(String message) {
        return new BulkErrorReply(message);
    }

    /**
     * A reply preceded by attributes (RESP3 {@code |}); RESP2 clients get the reply alone.
     *
     * @param attributes the attributes; not null
     * @param reply      the reply they describe; not null
     * @return the reply
     */
    static Reply withAttributes(MapReply attributes, Reply reply) {
        return new AttributeReply(attributes, reply);
    }

    /**
     * {@code +text}.
     *
     * @param text the text, without CR or LF
     */
    record SimpleString(String text) implements Reply {
        /**
         * Checks the text.
         *
         * @param text see the record
         */
        public SimpleString {
            Checks.notNull(text, "text");
            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a simple string must not hold CR or LF but was '"
                        + text.replace("\r", "\\r").replace("\n", "\\n") + "': use a bulk string");
            }
        }
    }

    /**
     * {@code -ERR message} or {@code -CODE message}; see {@link Reply#error(String)}.
     *
     * @param message the message
     */
    record ErrorReply(String message) implements Reply {
        /**
         * Checks the message.
         *
         * @param message see the record
         */
        public ErrorReply {
            Checks.notNull(message, "message");
        }
    }

    /**
     * {@code :value}.
     *
     * @param value the value
     */
    record IntegerReply(long value) implements Reply {
    }

    /**
     * {@code $len\r\nbytes}. Compared by identity of its array, as records compare arrays.
     *
     * @param bytes the bytes, not copied
     */
    record BulkString(byte[] bytes) implements Reply {
        /**
         * Checks the bytes.
         *
         * @param bytes see the record
         */
        public BulkString {
            Checks.notNull(bytes, "bytes");
        }
    }

    /** The null reply, remembering whether RESP2 writes it as a null bulk or a null array. */
    enum NullReply implements Reply {
        /** {@code $-1} in RESP2. */
        BULK,
        /** {@code *-1} in RESP2. */
        ARRAY
    }

    /**
     * {@code *n}.
     *
     * @param elements the elements
     */
    record ArrayReply(List<Reply> elements) implements Reply {
        /**
         * Copies the elements.
         *
         * @param elements see the record
         */
        public ArrayReply {
            elements = List.copyOf(Checks.notNull(elements, "elements"));
        }
    }

    /**
     * {@code %n}: keys and values in turn.
     *
     * @param keysAndValues an even number of replies
     */
    record MapReply(List<Reply> keysAndValues) implements Reply {
        /**
         * Copies and checks the entries.
         *
         * @param keysAndValues see the record
         */
        public MapReply {
            keysAndValues = List.copyOf(Checks.notNull(keysAndValues, "keysAndValues"));
            if (keysAndValues.size() % 2 != 0) {
                throw new IllegalArgumentException("a map needs keys and values in pairs but got "
                        + keysAndValues.size() + " replies");
            }
        }
    }

    /**
     * {@code ~n}.
     *
     * @param elements the elements
     */
    record SetReply(List<Reply> elements) implements Reply {
        /**
         * Copies the elements.
         *
         * @param elements see the record
         */
        public SetReply {
            elements = List.copyOf(Checks.notNull(elements, "elements"));
        }
    }

    /**
     * {@code >n}.
     *
     * @param elements the elements
     */
    record PushReply(List<Reply> elements) implements Reply {
        /**
         * Copies the elements.
         *
         * @param elements see the record
         */
        public PushReply {
            elements = List.copyOf(Checks.notNull(elements, "elements"));
        }
    }

    /**
     * {@code ,value}.
     *
     * @param value the value
     */
    record DoubleReply(double value) implements Reply {
    }

    /** {@code #t} or {@code #f}. */
    enum BooleanReply implements Reply {
        /** {@code #t}. */
        TRUE,
        /** {@code #f}. */
        FALSE
    }

    /**
     * {@code (digits}.
     *
     * @param digits the decimal digits, with an optional leading minus
     */
    record BigNumberReply(String digits) implements Reply {
        /**
         * Checks the digits.
         *
         * @param digits see the record
         */
        public BigNumberReply {
            Checks.notNull(digits, "digits");
            if (!digits.matches("-?[0-9]+")) {
                throw new IllegalArgumentException("a big number must be decimal digits but was '" + digits + "'");
            }
        }
    }

    /**
     * {@code =len\r\nfmt:text}.
     *
     * @param format three characters
     * @param text   the text's bytes
     */
    record VerbatimString(String format, byte[] text) implements Reply {
        /**
         * Checks the format.
         *
         * @param format see the record
         * @param text   see the record
         */
        public VerbatimString {
            Checks.notNull(format, "format");
            Checks.notNull(text, "text");
            if (format.length() != 3 || !format.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
                throw new IllegalArgumentException("a verbatim format must be three printable characters"
                        + " (txt, mkd) but was '" + format + "'");
            }
        }
    }

    /**
     * {@code !len\r\nmessage}.
     *
     * @param message the message
     */
    record BulkErrorReply(String message) implements Reply {
        /**
         * Checks the message.
         *
         * @param message see the record
         */
        public BulkErrorReply {
            Checks.notNull(message, "message");
        }
    }

    /**
     * {@code |n} attributes, then the reply.
     *
     * @param attributes the attributes
     * @param reply      the reply
     */
    record AttributeReply(MapReply attributes, Reply reply) implements Reply {
        /**
         * Checks the parts.
         *
         * @param attributes see the record
         * @param reply      see the record
         */
        public AttributeReply {
            Checks.notNull(attributes, "attributes");
            Checks.notNull(reply, "reply");
        }
    }
}
