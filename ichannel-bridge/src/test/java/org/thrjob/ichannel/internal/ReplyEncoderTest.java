package org.thrjob.ichannel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thrjob.ichannel.Reply;

/** Every reply type in RESP2 and RESP3, byte for byte. */
class ReplyEncoderTest {

    /** A channel that takes at most {@code max} bytes per write, to exercise partial writes. */
    static final class Sink implements GatheringByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int max;
        int writes;

        Sink(int max) {
            this.max = max;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            writes++;
            long done = 0;
            for (int i = offset; i < offset + length && done < max; i++) {
                ByteBuffer b = srcs[i];
                int n = (int) Math.min(b.remaining(), max - done);
                byte[] part = new byte[n];
                b.get(part);
                bytes.write(part, 0, n);
                done += n;
            }
            return done;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    static String encode(Reply reply, int protocol) throws Exception {
        OutputBuffer out = new OutputBuffer();
        ReplyEncoder.encode(reply, protocol, out);
        Sink sink = new Sink(Integer.MAX_VALUE);
        while (!out.isEmpty()) {
            out.writeTo(sink);
        }
        return sink.bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static void both(Reply reply, String resp2, String resp3) throws Exception {
        assertEquals(resp2, encode(reply, 2), "RESP2 of " + reply);
        assertEquals(resp3, encode(reply, 3), "RESP3 of " + reply);
    }

    @Test
    void encode_simpleTypes_sameInBothVersions() throws Exception {
        both(Reply.OK, "+OK\r\n", "+OK\r\n");
        both(Reply.PONG, "+PONG\r\n", "+PONG\r\n");
        both(Reply.simple("QUEUED"), "+QUEUED\r\n", "+QUEUED\r\n");
        both(Reply.integer(-42), ":-42\r\n", ":-42\r\n");
        both(Reply.integer(7), ":7\r\n", ":7\r\n");
        both(Reply.bulk("héllo"), "$6\r\nh\u00c3\u00a9llo\r\n", "$6\r\nh\u00c3\u00a9llo\r\n");
        both(Reply.bulk(new byte[0]), "$0\r\n\r\n", "$0\r\n\r\n");
        both(Reply.array(Reply.integer(1), Reply.bulk("a")), "*2\r\n:1\r\n$1\r\na\r\n", "*2\r\n:1\r\n$1\r\na\r\n");
        both(Reply.array(), "*0\r\n", "*0\r\n");
    }

    @Test
    void encode_errors_getErrUnlessTheyBringTheirCode() throws Exception {
        both(Reply.error("Protocol error: invalid bulk length"),
                "-ERR Protocol error: invalid bulk length\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        both(Reply.error("-WRONGTYPE Operation against a key"), "-WRONGTYPE Operation against a key\r\n",
                "-WRONGTYPE Operation against a key\r\n");
        both(Reply.error("two\r\nlines"), "-ERR two  lines\r\n", "-ERR two  lines\r\n");
        both(Reply.bulkError("-SYNTAX bad"), "-SYNTAX bad\r\n", "!10\r\nSYNTAX bad\r\n");
    }

    @Test
    void encode_resp3Types_mappedToResp2AsRedisMapsThem() throws Exception {
        both(Reply.nullBulk(), "$-1\r\n", "_\r\n");
        both(Reply.nullArray(), "*-1\r\n", "_\r\n");
        both(Reply.map(Reply.bulk("k"), Reply.integer(1)), "*2\r\n$1\r\nk\r\n:1\r\n", "%1\r\n$1\r\nk\r\n:1\r\n");
        both(Reply.set(List.of(Reply.bulk("a"))), "*1\r\n$1\r\na\r\n", "~1\r\n$1\r\na\r\n");
        both(Reply.push(List.of(Reply.bulk("m"))), "*1\r\n$1\r\nm\r\n", ">1\r\n$1\r\nm\r\n");
        both(Reply.doubleValue(3.5), "$3\r\n3.5\r\n", ",3.5\r\n");
        both(Reply.doubleValue(2), "$1\r\n2\r\n", ",2\r\n");
        both(Reply.doubleValue(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n");
        both(Reply.doubleValue(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n");
        both(Reply.doubleValue(Double.NaN), "$3\r\nnan\r\n", ",nan\r\n");
        both(Reply.bool(true), ":1\r\n", "#t\r\n");
        both(Reply.bool(false), ":0\r\n", "#f\r\n");
        both(Reply.bigNumber(new BigInteger("-12345678901234567890")), "$21\r\n-12345678901234567890\r\n",
                "(-12345678901234567890\r\n");
        both(Reply.verbatim("txt", "Some string"), "$11\r\nSome string\r\n", "=15\r\ntxt:Some string\r\n");
        both(Reply.withAttributes((Reply.MapReply) Reply.map(Reply.bulk("ttl"), Reply.integer(3)), Reply.integer(1)),
                ":1\r\n", "|1\r\n$3\r\nttl\r\n:3\r\n:1\r\n");
    }

    @Test
    void writeTo_largePayloadAndPartialWrites_keepEveryByteInOrder() throws Exception {
        byte[] big = new byte[3 * OutputBuffer.MAX_WRITE + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        OutputBuffer out = new OutputBuffer();
        for (int i = 0; i < 100; i++) {
            ReplyEncoder.encode(Reply.integer(i), 2, out);
        }
        ReplyEncoder.encode(Reply.bulk(big), 2, out);
        ReplyEncoder.encode(Reply.OK, 2, out);
        long size = out.size();
        Sink sink = new Sink(100_003);
        while (!out.isEmpty()) {
            out.writeTo(sink);
        }
        byte[] all = sink.bytes.toByteArray();
        assertEquals(size, all.length);
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            head.append(':').append(i).append("\r\n");
        }
        head.append('$').append(big.length).append("\r\n");
        int at = head.length();
        assertEquals(head.toString(), new String(all, 0, at, StandardCharsets.ISO_8859_1));
        for (int i = 0; i < big.length; i++) {
            if (all[at + i] != big[i]) {
                throw new AssertionError("byte " + i + " of the payload differs");
            }
        }
        assertEquals("\r\n+OK\r\n", new String(all, at + big.length, 7, StandardCharsets.ISO_8859_1));
    }

    @Test
    void factories_badArguments_areRejectedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> Reply.simple("a\r\nb"));
        assertThrows(NullPointerException.class, () -> Reply.bulk((byte[]) null));
        assertThrows(NullPointerException.class, () -> Reply.array(Reply.OK, null));
        assertThrows(IllegalArgumentException.class, () -> Reply.map(Reply.OK));
        assertThrows(IllegalArgumentException.class, () -> Reply.verbatim("text", "x"));
    }
}
