package org.thrjob.blocking.internal;

import java.util.Objects;
import org.thrjob.blocking.Replies;
import org.thrjob.blocking.ReplySink;

/**
 * The reply methods over a sink, with Redis's RESP2 adaptation of RESP3 types, and the record of
 * whether an error was replied (a failed call).
 */
abstract class Replier implements Replies {

    boolean errored;

    /** Where replies go now; checks the context is still valid. */
    abstract ReplySink sink();

    /** The client's protocol. */
    abstract int resp();

    @Override
    public void replySimple(String value) {
        Objects.requireNonNull(value, "value must not be null");
        sink().simple(value);
    }

    @Override
    public void replyError(String message) {
        Objects.requireNonNull(message, "message must not be null");
        errored = true;
        sink().error(message);
    }

    @Override
    public void replyInteger(long value) {
        sink().integer(value);
    }

    @Override
    public void replyBulk(byte[] value) {
        Objects.requireNonNull(value, "value must not be null");
        sink().bulk(value);
    }

    @Override
    public void replyNull() {
        sink().nullValue();
    }

    @Override
    public void replyArray(int length) {
        sink().array(notNegative(length));
    }

    @Override
    public void replyMap(int pairs) {
        notNegative(pairs);
        if (resp() >= 3) {
            sink().map(pairs);
        } else {
            sink().array(pairs * 2);
        }
    }

    @Override
    public void replySet(int length) {
        notNegative(length);
        if (resp() >= 3) {
            sink().set(length);
        } else {
            sink().array(length);
        }
    }

    @Override
    public void replyBool(boolean value) {
        if (resp() >= 3) {
            sink().bool(value);
        } else {
            sink().integer(value ? 1 : 0);
        }
    }

    @Override
    public void replyDouble(double value) {
        if (resp() >= 3) {
            sink().doubleValue(value);
        } else {
            sink().bulk(formatDouble(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** Redis's text for a double in RESP2: inf, -inf, nan, or the shortest round-trip form. */
    static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static int notNegative(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0 but was " + length);
        }
        return length;
    }
}
