package org.thrjob.ichannel.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses requests from a connection's query buffer as Redis's {@code processMultibulkBuffer} and
 * {@code processInlineBuffer} do, with their limits and error texts. A request may arrive split
 * across any number of reads, and one read may hold many requests (pipelining): the parser keeps
 * its place between calls.
 *
 * <p>Zero-copy where it counts: an argument of {@link #BIG_ARG} bytes or more gets an array of its
 * exact size as soon as its length is known, and the connection reads the rest of it straight into
 * that array ({@link #bigArg()}), as Redis reads big arguments into their own {@code sds}. Smaller
 * arguments are copied once out of the query buffer.
 *
 * <p><b>Thread-safety:</b> confined to the main thread.
 */
final class RequestParser {

    /** Redis's {@code PROTO_INLINE_MAX_SIZE}: the longest inline request and count line. */
    static final int INLINE_MAX = 64 * 1024;
    /** The most arguments one multibulk request may have. */
    static final int MULTIBULK_MAX = 1024 * 1024;
    /** Redis's {@code PROTO_MBULK_BIG_ARG}. */
    static final int BIG_ARG = 32 * 1024;

    /**
     * The largest big argument given its whole array as soon as its length is known; a longer one
     * starts with an array this large that doubles as bytes arrive, so that a header alone (say
     * {@code $536870912}) cannot make the server allocate half a gigabyte.
     */
    static final int BIG_ARG_EAGER = 16 * 1024 * 1024;

    /** Returned for an empty request (an empty inline line, {@code *0}, {@code *-1}): skip it. */
    static final List<byte[]> EMPTY = List.of();

    private static final long INVALID = Long.MIN_VALUE;

    /** The most arguments whose list is kept for the next request. */
    private static final int SCRATCH_KEPT = 1024;

    private final long maxBulkLen;
    private boolean multibulk;
    private boolean started;
    /** Arguments still to read; 0 when the count line has not been read. */
    private int multibulkLen;
    /** The length of the argument being read, or -1 when its header has not been read. */
    private long bulkLen = -1;
    /** The arguments of the request being read, reused from request to request. */
    private ArrayList<byte[]> args = new ArrayList<>();
    private ByteBuffer bigArg;

    RequestParser(long maxBulkLen) {
        this.maxBulkLen = maxBulkLen;
    }

    /**
     * The big argument being read, when the next bytes should go straight into it, else null.
     */
    ByteBuffer bigArg() {
        return bigArg != null && bigArg.hasRemaining() ? bigArg : null;
    }

    /**
     * Parses the next request from {@code in} (read mode; its position advances past what was
     * used).
     *
     * @return the request's arguments, {@link #EMPTY} for an empty request, or null when more
     *         bytes are needed
     * @throws ProtocolException on bad input; the connection must reply the error and close
     */
    List<byte[]> next(ByteBuffer in) throws ProtocolException {
        if (!started) {
            if (!in.hasRemaining()) {
                return null;
            }
            multibulk = in.get(in.position()) == '*';
            started = true;
        }
        return multibulk ? multibulk(in) : inline(in);
    }

    private List<byte[]> inline(ByteBuffer in) throws ProtocolException {
        byte[] a = in.array();
        int base = in.arrayOffset();
        int from = base + in.position();
        int end = base + in.limit();
        int newline = indexOf(a, from, end, (byte) '\n');
        if (newline < 0) {
            if (end - from > INLINE_MAX) {
                throw new ProtocolException("Protocol error: too big inline request");
            }
            return null;
        }
        int lineEnd = newline;
        if (lineEnd > from && a[lineEnd - 1] == '\r') {
            lineEnd--;
        }
        List<byte[]> parsed = InlineSplitter.split(a, from, lineEnd);
        if (parsed == null) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request");
        }
        in.position(newline + 1 - base);
        started = false;
        return parsed.isEmpty() ? EMPTY : unmodifiable(parsed);
    }

    private List<byte[]> multibulk(ByteBuffer in) throws ProtocolException {
        byte[] a = in.array();
        int base = in.arrayOffset();
        if (multibulkLen == 0) {
            int from = base + in.position();
            int end = base + in.limit();
            int cr = indexOf(a, from, end, (byte) '\r');
            if (cr < 0) {
                if (end - from > INLINE_MAX) {
                    throw new ProtocolException("Protocol error: too big mbulk count string");
                }
                return null;
            }
            if (cr + 1 >= end) {
                return null; // the \n is not here yet
            }
            long count = parseLong(a, from + 1, cr);
            if (count == INVALID || count > MULTIBULK_MAX) {
                throw new ProtocolException("Protocol error: invalid multibulk length");
            }
            in.position(cr + 2 - base);
            if (count <= 0) {
                started = false;
                return EMPTY;
            }
            multibulkLen = (int) count;
            bulkLen = -1;
        }
        while (multibulkLen > 0) {
            if (bigArg != null) {
                if (bigArg.hasRemaining()) {
                    int n = Math.min(bigArg.remaining(), in.remaining());
                    bigArg.put(a, base + in.position(), n);
                    in.position(in.position() + n);
                    if (bigArg.hasRemaining()) {
                        return null;
                    }
                }
                if (bigArg.capacity() < bulkLen) {
                    growBigArg();
                    continue;
                }
                if (in.remaining() < 2) {
                    return null; // its CRLF, skipped unchecked as Redis does
                }
                in.position(in.position() + 2);
                args.add(bigArg.array());
                bigArg = null;
                bulkLen = -1;
                multibulkLen--;
                continue;
            }
            if (bulkLen == -1) {
                int from = base + in.position();
                int end = base + in.limit();
                int cr = indexOf(a, from, end, (byte) '\r');
                if (cr < 0) {
                    if (end - from > INLINE_MAX) {
                        throw new ProtocolException("Protocol error: too big bulk count string");
                    }
                    return null;
                }
                if (cr + 1 >= end) {
                    return null;
                }
                if (a[from] != '$') {
                    throw new ProtocolException("Protocol error: expected '$', got '"
                            + (char) (a[from] & 0xff) + "'");
                }
                long length = parseLong(a, from + 1, cr);
                if (length == INVALID || length < 0 || length > maxBulkLen) {
                    throw new ProtocolException("Protocol error: invalid bulk length");
                }
                in.position(cr + 2 - base);
                bulkLen = length;
                if (length >= BIG_ARG) {
                    bigArg = ByteBuffer.wrap(new byte[(int) Math.min(length, BIG_ARG_EAGER)]);
                    continue;
                }
            }
            if (in.remaining() < bulkLen + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLen];
            in.get(arg);
            in.position(in.position() + 2);
            args.add(arg);
            bulkLen = -1;
            multibulkLen--;
        }
        List<byte[]> done = unmodifiable(args);
        if (done.size() > SCRATCH_KEPT) {
            args = new ArrayList<>(); // do not hold a huge request's array between requests
        } else {
            args.clear();
        }
        started = false;
        return done;
    }

    /**
     * The request as an unmodifiable list: the handler's own copy, which a consumer that copies
     * defensively ({@link List#copyOf}) takes as it is. One and two arguments (PING, GET) need no
     * array at all.
     */
    private static List<byte[]> unmodifiable(List<byte[]> parsed) {
        switch (parsed.size()) {
            case 1:
                return List.of(parsed.get(0));
            case 2:
                return List.of(parsed.get(0), parsed.get(1));
            default:
                return List.copyOf(parsed);
        }
    }

    private void growBigArg() {
        int size = (int) Math.min(bulkLen, 2L * bigArg.capacity());
        ByteBuffer bigger = ByteBuffer.wrap(java.util.Arrays.copyOf(bigArg.array(), size));
        bigger.position(bigArg.position());
        bigArg = bigger;
    }

    /** Drops a partly parsed request and its buffers (the connection closed). */
    void reset() {
        args = new ArrayList<>();
        bigArg = null;
        multibulkLen = 0;
        bulkLen = -1;
        started = false;
    }

    /** Bytes held by a partly read big argument. */
    long bufferedBytes() {
        return bigArg == null ? 0 : bigArg.position();
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Redis's {@code string2ll}: an optional minus, then digits without a leading zero (except
     * {@code 0} itself), nothing else, within a long.
     *
     * @return the value, or {@link #INVALID}
     */
    static long parseLong(byte[] a, int from, int to) {
        if (from >= to || to - from > 20) {
            return INVALID;
        }
        boolean negative = false;
        int p = from;
        if (a[p] == '-') {
            negative = true;
            p++;
            if (p == to) {
                return INVALID;
            }
        }
        if (a[p] == '0') {
            return p + 1 == to && !negative ? 0 : INVALID;
        }
        long value = 0;
        for (; p < to; p++) {
            int d = a[p] - '0';
            if (d < 0 || d > 9) {
                return INVALID;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }
}
