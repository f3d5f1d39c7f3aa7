package org.thrjob.ichannel.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser alone: split reads at every byte, pipelining, limits, big arguments. */
class RequestParserTest {

    private static final String STREAM = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"
            + "PING\r\n" + "ECHO \"a b\" 'c'\n" + "*0\r\n" + "*1\r\n$0\r\n\r\n" + "\r\n" + "*-1\r\n"
            + "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n";

    /** Feeds {@code input} in the given pieces as a connection would, compacting between reads. */
    private static List<String> parse(RequestParser parser, byte[] input, int[] cuts) throws ProtocolException {
        List<String> out = new ArrayList<>();
        ByteBuffer query = ByteBuffer.allocate(input.length + 16).flip();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            query.compact();
            ByteBuffer big = parser.bigArg();
            if (big != null && query.position() == 0) {
                int n = Math.min(big.remaining(), to - from);
                big.put(input, from, n);
                from += n;
            }
            query.put(input, from, to - from);
            from = to;
            query.flip();
            List<byte[]> request;
            while ((request = parser.next(query)) != null) {
                if (request == RequestParser.EMPTY) {
                    out.add("[]");
                    continue;
                }
                List<String> args = new ArrayList<>();
                for (byte[] a : request) {
                    args.add(new String(a, StandardCharsets.ISO_8859_1));
                }
                out.add(args.toString());
            }
        }
        return out;
    }

    @Test
    void next_streamCutAtEveryPossiblePairOfPoints_alwaysTheSameRequests() throws Exception {
        byte[] input = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        List<String> whole = parse(new RequestParser(1000), input, new int[0]);
        // *0, an empty bulk argument, an empty inline line and *-1 all print as [].
        assertEquals(List.of("[SET, key, value]", "[PING]", "[ECHO, a b, c]", "[]", "[]", "[]", "[]",
                "[ECHO, hi]"), whole);
        for (int a = 0; a <= input.length; a++) {
            for (int b = a; b <= input.length; b++) {
                assertEquals(whole, parse(new RequestParser(1000), input, new int[] {a, b}), "cut at " + a + ", " + b);
            }
        }
    }

    @Test
    void next_pipelinedRequests_eachUnmodifiableAndUntouchedByTheNext() throws Exception {
        String three = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n";
        String stream = "*1\r\n$4\r\nPING\r\n" + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n" + three + three
                + "GET k\r\n";
        ByteBuffer query = ByteBuffer.wrap(stream.getBytes(StandardCharsets.ISO_8859_1));
        RequestParser parser = new RequestParser(1000);
        List<List<byte[]>> requests = new ArrayList<>();
        List<byte[]> request;
        while ((request = parser.next(query)) != null) {
            requests.add(request);
        }
        List<String> seen = new ArrayList<>();
        for (List<byte[]> r : requests) {
            assertThrows(UnsupportedOperationException.class, () -> r.add(new byte[0]), "unmodifiable");
            List<String> args = new ArrayList<>();
            for (byte[] a : r) {
                args.add(new String(a, StandardCharsets.ISO_8859_1));
            }
            seen.add(args.toString());
        }
        // The parser reuses its own list between requests: the ones it returned must not share it.
        assertEquals(List.of("[PING]", "[GET, k]", "[SET, k, v]", "[SET, k, v]", "[GET, k]"), seen);
        assertNotSame(requests.get(2), requests.get(3));
    }

    @Test
    void next_oneByteAtATime_sameRequests() throws Exception {
        byte[] input = STREAM.getBytes(StandardCharsets.ISO_8859_1);
        int[] cuts = new int[input.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertEquals(parse(new RequestParser(1000), input, new int[0]), parse(new RequestParser(1000), input, cuts));
    }

    @Test
    void next_bigArgumentOverTheEagerSize_growsAndArrivesWhole() throws Exception {
        int size = RequestParser.BIG_ARG_EAGER + 1234;
        byte[] value = new byte[size];
        for (int i = 0; i < size; i++) {
            value[i] = (byte) (i * 31);
        }
        RequestParser parser = new RequestParser(Integer.MAX_VALUE - 16);
        ByteBuffer query = ByteBuffer.wrap(("*1\r\n$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
        assertNull(parser.next(query));
        int at = 0;
        while (at < size) {
            ByteBuffer big = parser.bigArg();
            int n = Math.min(big.remaining(), Math.min(1 << 20, size - at));
            big.put(value, at, n);
            at += n;
            assertNull(parser.next(ByteBuffer.allocate(0)));
        }
        List<byte[]> request = parser.next(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, request.size());
        assertArrayEquals(value, request.get(0));
    }

    @Test
    void parseLong_redisString2llRules() {
        assertEquals(0, parse("0"));
        assertEquals(-5, parse("-5"));
        assertEquals(Long.MAX_VALUE, parse(Long.toString(Long.MAX_VALUE)));
        for (String bad : new String[] {"", "-", "01", "-0", "+1", " 1", "1 ", "1x", "99999999999999999999"}) {
            assertEquals(Long.MIN_VALUE, parse(bad), "'" + bad + "' is invalid");
        }
    }

    private static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return RequestParser.parseLong(b, 0, b.length);
    }

    @Test
    void next_multibulkOfExactlyTheLimit_isAccepted() throws Exception {
        RequestParser parser = new RequestParser(1000);
        assertNull(parser.next(ByteBuffer.wrap("*1048576\r\n".getBytes(StandardCharsets.US_ASCII))));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new RequestParser(1000).next(ByteBuffer.wrap("*1048577\r\n".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("Protocol error: invalid multibulk length", e.getMessage());
    }
}
