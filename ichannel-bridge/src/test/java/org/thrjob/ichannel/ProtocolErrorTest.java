package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over raw sockets: each protocol error gets Redis's text, the connection is closed
 * after the replies of the requests before it, and the server keeps serving other clients.
 */
class ProtocolErrorTest {

    private static final String BIG = "9".repeat(70 * 1024);

    /** Each case: the bytes sent, then what the server writes before it closes. */
    static Stream<Arguments> cases() {
        List<Object[]> cases = List.of(
                new Object[] {"multibulk length over 1024*1024", "*1048577\r\n",
                        "-ERR Protocol error: invalid multibulk length\r\n"},
                new Object[] {"multibulk length far out of range", "*20000000\r\n",
                        "-ERR Protocol error: invalid multibulk length\r\n"},
                new Object[] {"multibulk length not a number", "*3x\r\n",
                        "-ERR Protocol error: invalid multibulk length\r\n"},
                new Object[] {"wrong bulk header", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n",
                        "-ERR Protocol error: expected '$', got 'f'\r\n"},
                new Object[] {"negative bulk length", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$-10\r\n",
                        "-ERR Protocol error: invalid bulk length\r\n"},
                new Object[] {"bulk length over proto-max-bulk-len", "*1\r\n$536870913\r\n",
                        "-ERR Protocol error: invalid bulk length\r\n"},
                new Object[] {"bulk length with a leading zero", "*1\r\n$04\r\nPING\r\n",
                        "-ERR Protocol error: invalid bulk length\r\n"},
                new Object[] {"inline request over 64 KB", "PING " + BIG,
                        "-ERR Protocol error: too big inline request\r\n"},
                new Object[] {"unbalanced double quotes", "ECHO \"foo bar\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"},
                new Object[] {"unbalanced single quotes", "ECHO 'foo\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"},
                new Object[] {"closing quote not followed by a space", "ECHO \"foo\"bar\r\n",
                        "-ERR Protocol error: unbalanced quotes in request\r\n"},
                new Object[] {"multibulk count line over 64 KB", "*" + BIG,
                        "-ERR Protocol error: too big mbulk count string\r\n"},
                new Object[] {"bulk count line over 64 KB", "*1\r\n$" + BIG,
                        "-ERR Protocol error: too big bulk count string\r\n"},
                new Object[] {"error after good pipelined requests", "PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n",
                        "+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"});
        List<Arguments> all = new ArrayList<>();
        Providers.all().forEach(provider -> {
            for (Object[] c : cases) {
                all.add(Arguments.of(provider, Named.of((String) c[0], c[1]), c[2]));
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void badInput_getsRedisErrorAndClose_otherClientsStillServed(String provider, String input,
            String expected) throws Exception {
        try (TestServer server = TestServer.echo(provider);
                RawClient good = new RawClient(server.port());
                RawClient bad = new RawClient(server.port())) {
            good.send("PING\r\n");
            assertEquals("+PONG\r\n", good.read(7));
            bad.send(input);
            assertEquals(expected, bad.readToEnd());
            good.send("*2\r\n$4\r\nECHO\r\n$5\r\nstill\r\n");
            assertEquals("$5\r\nstill\r\n", good.read(11));
            Providers.until(() -> server.loop.stats().protocolErrors() == 1, "the error is counted");
            Providers.until(() -> server.loop.stats().connections() == 1, "the bad client is closed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void emptyAndNegativeRequests_areSkipped_asRedisDoes(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); RawClient client = new RawClient(server.port())) {
            client.send("\r\n").send("PING\r\n");
            assertEquals("+PONG\r\n", client.read(7));
            client.send("*-10\r\nPING\r\n*0\r\n   \r\nPING\r\n");
            assertEquals("+PONG\r\n+PONG\r\n", client.read(14));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void limits_atTheBoundary_areAccepted(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder().protoMaxBulkLen(40_000),
                EchoHandler::new); RawClient client = new RawClient(server.port())) {
            String value = "v".repeat(40_000);
            client.send("*2\r\n$4\r\nECHO\r\n$40000\r\n" + value + "\r\n");
            assertEquals("$40000\r\n" + value + "\r\n", client.read(40_000 + 10));
            String inline = "ECHO " + "w".repeat(60 * 1024) + "\r\n";
            client.send(inline);
            assertEquals("$61440\r\n" + "w".repeat(61440) + "\r\n", client.read(61440 + 10));
            client.send("*2\r\n$4\r\nECHO\r\n$40001\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", client.readToEnd());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void inline_quotesAndEscapes_splitAsRedisSplitsThem(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); RawClient client = new RawClient(server.port())) {
            client.send("ECHO \"hello world\"\r\n");
            assertEquals("$11\r\nhello world\r\n", client.read(18));
            client.send("ECHO 'it\\'s'\n");
            assertEquals("$4\r\nit's\r\n", client.read(10));
            client.send("ECHO \"\\x41\\t\\\\\"\r\n");
            assertEquals("$3\r\nA\t\\\r\n", client.read(9));
            client.send("  ECHO   x  \r\n");
            assertEquals("$1\r\nx\r\n", client.read(7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void requests_splitAtEveryByte_andManyPerRead_areAllAnsweredInOrder(String provider) throws Exception {
        StringBuilder requests = new StringBuilder();
        StringBuilder replies = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String v = "value-" + i;
            requests.append("*2\r\n$5\r\nWECHO\r\n$").append(v.length()).append("\r\n").append(v).append("\r\n");
            requests.append("ECHO ").append(v).append("\r\n");
            replies.append("$").append(v.length()).append("\r\n").append(v).append("\r\n");
            replies.append("$").append(v.length()).append("\r\n").append(v).append("\r\n");
        }
        try (TestServer server = TestServer.echo(provider); RawClient client = new RawClient(server.port())) {
            for (char c : requests.toString().toCharArray()) {
                client.send(String.valueOf(c));
            }
            assertEquals(replies.toString(), client.read(replies.length()));
            client.send(requests.toString());
            assertEquals(replies.toString(), client.read(replies.length()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void quit_closesAfterEarlierRepliesAreWritten(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); RawClient client = new RawClient(server.port())) {
            client.send("WECHO a\r\nQUIT\r\nPING\r\n");
            assertEquals("$1\r\na\r\n+OK\r\n", client.readToEnd());
        }
    }
}
