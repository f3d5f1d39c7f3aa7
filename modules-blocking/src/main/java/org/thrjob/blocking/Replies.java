package org.thrjob.blocking;

import java.nio.charset.StandardCharsets;

/**
 * The reply methods shared by {@link CommandContext} and {@link ThreadSafeContext}, after Redis's
 * {@code RedisModule_ReplyWith*}. RESP3 types are adapted for RESP2 clients as Redis does: a map
 * of n pairs becomes an array of 2n, a set an array, a boolean the integer 1 or 0, a double a bulk
 * string.
 *
 * <p><b>Thread-safety:</b> see the implementing context. A null string or byte array is refused
 * with {@link NullPointerException}; a negative length with {@link IllegalArgumentException}.
 */
public interface Replies {

    /**
     * Replies a simple string ({@code RedisModule_ReplyWithSimpleString}).
     *
     * @param value the string, without CR or LF
     */
    void replySimple(String value);

    /**
     * Replies an error ({@code RedisModule_ReplyWithError}); the message is sent as is, so start it
     * with its code ({@code ERR ...}, {@code WRONGTYPE ...}) as Redis modules do.
     *
     * @param message the message, without CR or LF
     */
    void replyError(String message);

    /**
     * Replies an integer ({@code RedisModule_ReplyWithLongLong}).
     *
     * @param value the value
     */
    void replyInteger(long value);

    /**
     * Replies a bulk string ({@code RedisModule_ReplyWithStringBuffer}).
     *
     * @param value the bytes
     */
    void replyBulk(byte[] value);

    /**
     * Replies a bulk string of the UTF-8 bytes of {@code value}.
     *
     * @param value the string
     */
    default void replyBulk(String value) {
        replyBulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Replies null ({@code RedisModule_ReplyWithNull}). */
    void replyNull();

    /**
     * Starts an array of {@code length} replies ({@code RedisModule_ReplyWithArray}).
     *
     * @param length the number of replies that follow
     */
    void replyArray(int length);

    /**
     * Starts a map of {@code pairs} key/value replies ({@code RedisModule_ReplyWithMap}).
     *
     * @param pairs the number of pairs that follow
     */
    void replyMap(int pairs);

    /**
     * Starts a set of {@code length} replies ({@code RedisModule_ReplyWithSet}).
     *
     * @param length the number of replies that follow
     */
    void replySet(int length);

    /**
     * Replies a boolean ({@code RedisModule_ReplyWithBool}).
     *
     * @param value the value
     */
    void replyBool(boolean value);

    /**
     * Replies a double ({@code RedisModule_ReplyWithDouble}).
     *
     * @param value the value
     */
    void replyDouble(double value);

    /**
     * Replies what a called command replied, as it is ({@code RedisModule_ReplyWithCallReply}):
     * an error stays an error, a map becomes a flat array for a RESP2 client.
     *
     * @param reply the reply of {@link CommandContext#call} or {@link ThreadSafeContext#call};
     *              not null
     */
    default void replyCallReply(CallReply reply) {
        java.util.Objects.requireNonNull(reply, "reply must not be null");
        switch (reply.type()) {
            case SIMPLE -> replySimple(reply.string());
            case ERROR -> replyError(reply.string());
            case INTEGER -> replyInteger(reply.integer());
            case BULK -> replyBulk(reply.bytes());
            case NULL -> replyNull();
            case BOOL -> replyBool(reply.bool());
            case DOUBLE -> replyDouble(reply.doubleValue());
            case ARRAY, SET, MAP -> {
                int n = reply.elements().size();
                if (reply.type() == CallReply.Type.ARRAY) {
                    replyArray(n);
                } else if (reply.type() == CallReply.Type.SET) {
                    replySet(n);
                } else {
                    replyMap(n / 2);
                }
                for (CallReply e : reply.elements()) {
                    replyCallReply(e);
                }
            }
            default -> throw new IllegalStateException("unknown reply type " + reply.type());
        }
    }
}
