package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Max clients, the idle timeout and the output buffer limits. */
class LimitsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void maxClients_oneTooMany_isToldAndClosed_othersServed(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder().maxClients(2), EchoHandler::new);
                RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            a.send("PING\r\n");
            b.send("PING\r\n");
            assertEquals("+PONG\r\n", a.read(7));
            assertEquals("+PONG\r\n", b.read(7));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", c.readToEnd());
            }
            assertEquals(1, server.loop.stats().rejected());
            a.send("PING\r\n");
            assertEquals("+PONG\r\n", a.read(7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void idleTimeout_closesIdleClients_butNotOnesWaitingForAReply(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider,
                ChannelConfig.builder().idleTimeout(Duration.ofMillis(200)), EchoHandler::new);
                RawClient idle = new RawClient(server.port()); RawClient waiting = new RawClient(server.port())) {
            idle.send("WATCHCLOSE\r\n");
            assertEquals("+OK\r\n", idle.read(5));
            waiting.send("PARK\r\n");
            Slot slot = server.parked();
            assertEquals("", idle.readToEnd());
            Providers.until(() -> server.echoHandler().closed.size() == 1, "the close callback runs");
            assertEquals(1, server.loop.stats().connections(), "the client waiting for its reply stays");
            slot.reply(Reply.bulk("late"));
            assertEquals("$4\r\nlate\r\n", waiting.read(10));
            assertEquals("", waiting.readToEnd(), "idle once answered");
            assertEquals(2, server.loop.stats().idleCloses());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void outputHardLimit_replyOverIt_closesTheClient(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider,
                ChannelConfig.builder().outputLimit(1024 * 1024, 0, Duration.ZERO), EchoHandler::new);
                RawClient other = new RawClient(server.port()); RawClient client = new RawClient(server.port())) {
            String value = "x".repeat(2 * 1024 * 1024);
            client.send("*2\r\n$4\r\nECHO\r\n$" + value.length() + "\r\n" + value + "\r\n");
            assertEquals("", client.readToEnd(), "closed without its reply");
            assertEquals(1, server.loop.stats().limitCloses());
            other.send("ECHO small\r\n");
            assertEquals("$5\r\nsmall\r\n", other.read(11));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void outputSoftLimit_exceededLongerThanItsTime_closesTheClient(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider,
                ChannelConfig.builder().outputLimit(0, 64 * 1024, Duration.ofMillis(200)), EchoHandler::new);
                RawClient client = new RawClient(server.port())) {
            String value = "y".repeat(1024 * 1024);
            String request = "*2\r\n$4\r\nECHO\r\n$" + value.length() + "\r\n" + value + "\r\n";
            // 32 MB of replies to a client that does not read: more than loopback buffers hold.
            // The server may close while the client still writes: its writes then fail, as expected.
            try {
                for (int i = 0; i < 32; i++) {
                    client.send(request);
                }
            } catch (java.net.SocketException closedMeanwhile) {
                assertTrue(server.loop.stats().limitCloses() <= 1);
            }
            Providers.until(() -> server.loop.stats().limitCloses() == 1, "the soft limit closes the client");
            assertEquals(0, server.loop.stats().connections());
            assertTrue(client.readToEnd().length() < 32 * value.length(), "not every reply was written");
        }
    }
}
