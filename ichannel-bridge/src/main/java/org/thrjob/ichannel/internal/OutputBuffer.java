package org.thrjob.ichannel.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * A connection's pending reply bytes: small replies are copied into 16 KB direct chunks (the
 * socket writes them without the JDK's copy into a temporary direct buffer, and a chunk written
 * out is reused for the next replies), large bulk
 * payloads are kept as they are (wrapped, not copied) between their header and trailer, and one
 * gathering {@code write} sends as much as the socket takes.
 *
 * <p>Each {@code write} hands the kernel at most {@link #MAX_WRITE} bytes, as Redis's
 * {@code NET_MAX_WRITES_PER_EVENT}: it keeps one fast client from holding the loop, and keeps the
 * JDK's temporary direct buffer small when it copies heap buffers.
 *
 * <p><b>Thread-safety:</b> confined to the main thread.
 */
final class OutputBuffer {

    static final int CHUNK = 16 * 1024;
    /** Payloads at least this large are wrapped instead of copied. */
    static final int WRAP_AT = 8 * 1024;
    static final int MAX_WRITE = 512 * 1024;
    private static final int MAX_GATHER = 64;

    /** Buffers in read mode (position..limit pending), except {@link #tail}, in write mode. */
    private final ArrayDeque<ByteBuffer> full = new ArrayDeque<>();
    private ByteBuffer tail;
    /** A chunk written out in full, kept for the next replies instead of allocating one. */
    private ByteBuffer spare;
    private long size;
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];

    /** Bytes waiting to be written. */
    long size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void put(byte b) {
        room(1).put(b);
        size++;
    }

    void put(byte[] bytes, int offset, int length) {
        if (length >= WRAP_AT) {
            sealTail();
            full.addLast(ByteBuffer.wrap(bytes, offset, length));
            size += length;
            return;
        }
        while (length > 0) {
            ByteBuffer b = room(1);
            int n = Math.min(length, b.remaining());
            b.put(bytes, offset, n);
            offset += n;
            length -= n;
            size += n;
        }
    }

    void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    /** Latin-1 text: protocol prefixes and numbers. */
    void putAscii(String text) {
        int n = text.length();
        ByteBuffer b = room(n);
        if (b.remaining() >= n) {
            for (int i = 0; i < n; i++) {
                b.put((byte) text.charAt(i));
            }
            size += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            put((byte) text.charAt(i));
        }
    }

    void putLong(long value) {
        if (value >= 0 && value < 10) {
            put((byte) ('0' + value));
        } else {
            putAscii(Long.toString(value));
        }
    }

    void crlf() {
        ByteBuffer b = room(2);
        if (b.remaining() >= 2) {
            b.put((byte) '\r').put((byte) '\n');
            size += 2;
        } else {
            put((byte) '\r');
            put((byte) '\n');
        }
    }

    /** A header such as {@code $5\r\n}. */
    void header(char type, long length) {
        put((byte) type);
        putLong(length);
        crlf();
    }

    private ByteBuffer room(int wanted) {
        if (tail == null || !tail.hasRemaining() || (tail.remaining() < wanted && wanted <= 32)) {
            sealTail();
            if (spare != null) {
                tail = spare;
                spare = null;
                tail.clear();
            } else {
                tail = ByteBuffer.allocateDirect(CHUNK);
            }
        }
        return tail;
    }

    private void sealTail() {
        if (tail != null && tail.position() > 0) {
            tail.flip();
            full.addLast(tail);
            tail = null;
        }
    }

    /**
     * Writes what the channel takes now, with one gathering write of at most {@link #MAX_WRITE}
     * bytes.
     *
     * @return the bytes written
     */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (size == 0) {
            return 0;
        }
        sealTail();
        int count = 0;
        long planned = 0;
        ByteBuffer sliced = null;
        for (ByteBuffer b : full) {
            if (count == MAX_GATHER || planned >= MAX_WRITE) {
                break;
            }
            int rem = b.remaining();
            if (planned + rem > MAX_WRITE) {
                // Only the first bytes of a large payload go in this write: a duplicate carries
                // them, and the original is moved along after the write.
                sliced = b;
                ByteBuffer part = b.duplicate();
                part.limit(part.position() + (int) (MAX_WRITE - planned));
                gather[count++] = part;
                break;
            }
            gather[count++] = b;
            planned += rem;
        }
        long written;
        try {
            // A single buffer goes through write(ByteBuffer), cheaper than the gathering path.
            written = count == 1 ? channel.write(gather[0]) : channel.write(gather, 0, count);
            if (sliced != null) {
                sliced.position(gather[count - 1].position());
            }
        } finally {
            java.util.Arrays.fill(gather, 0, count, null);
        }
        while (!full.isEmpty() && !full.peekFirst().hasRemaining()) {
            ByteBuffer done = full.pollFirst();
            if (done.isDirect()) { // one of our chunks: wrapped payloads are the caller's heap arrays
                spare = done;
            }
        }
        size -= written;
        return written;
    }

    /** Drops everything pending and lets the buffers go. */
    void clear() {
        full.clear();
        tail = null;
        size = 0;
    }
}
