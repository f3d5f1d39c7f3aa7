package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.JobFailedException;

/** Limits changed while the loop runs, as CONFIG SET maxclients / timeout do in Redis. */
class ReconfigureTest {

    private static ChannelConfig with(ChannelConfig c, int maxClients, Duration idle) {
        return new ChannelConfig(c.bindAddress(), c.port(), maxClients, idle, c.outputHardLimit(),
                c.outputSoftLimit(), c.outputSoftTime(), c.protoMaxBulkLen());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void maxClientsAndIdleTimeout_changeLive(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder().maxClients(1), EchoHandler::new);
                RawClient a = new RawClient(server.port())) {
            a.send("PING\r\n");
            assertEquals("+PONG\r\n", a.read(7));
            try (RawClient refused = new RawClient(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", refused.readToEnd());
            }
            ChannelConfig now = server.loop.config();
            server.thr.mainQueue().sync(() -> server.loop.reconfigure(with(now, 2, Duration.ZERO)));
            assertEquals(2, server.loop.config().maxClients());
            try (RawClient b = new RawClient(server.port())) {
                b.send("PING\r\n");
                assertEquals("+PONG\r\n", b.read(7), "the second client is served after maxclients 2");
            }
            // An idle timeout set live closes the idle client.
            server.thr.mainQueue().sync(() -> server.loop.reconfigure(with(now, 2, Duration.ofMillis(100))));
            assertEquals("", a.readToEnd(), "closed once idle for the new timeout");
            Providers.until(() -> server.loop.stats().idleCloses() >= 1, "the idle close is counted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void anotherPort_movesTheListener_keepsTheConnections_andABusyOneChangesNothing(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); RawClient kept = new RawClient(server.port())) {
            kept.send("PING\r\n");
            assertEquals("+PONG\r\n", kept.read(7));
            int oldPort = server.port();
            int newPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                newPort = probe.getLocalPort(); // free once the probe closes
            }
            ChannelConfig now = server.loop.config();
            ChannelConfig moved = new ChannelConfig(now.bindAddress(), newPort, now.maxClients(), now.idleTimeout(),
                    now.outputHardLimit(), now.outputSoftLimit(), now.outputSoftTime(), now.protoMaxBulkLen());
            server.thr.mainQueue().sync(() -> server.loop.reconfigure(moved));
            assertEquals(newPort, server.port());
            try (RawClient fresh = new RawClient(newPort)) {
                fresh.send("PING\r\n");
                assertEquals("+PONG\r\n", fresh.read(7), "served on the new port");
            }
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", oldPort).close(), "the old port is closed");
            kept.send("PING\r\n");
            assertEquals("+PONG\r\n", kept.read(7), "a connection accepted before the move stays");

            try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                ChannelConfig taken = new ChannelConfig(now.bindAddress(), busy.getLocalPort(), now.maxClients(),
                        now.idleTimeout(), now.outputHardLimit(), now.outputSoftLimit(), now.outputSoftTime(),
                        now.protoMaxBulkLen());
                JobFailedException e = assertThrows(JobFailedException.class,
                        () -> server.thr.mainQueue().sync(() -> server.loop.reconfigure(taken)));
                assertTrue(e.getCause() instanceof IOException, "cause " + e.getCause());
                assertTrue(e.getCause().getMessage().contains("cannot listen on"), e.getCause().getMessage());
            }
            assertEquals(moved, server.loop.config(), "the refused configuration was not applied");
            assertEquals(newPort, server.port());
            assertThrows(IllegalStateException.class, () -> server.loop.reconfigure(now), "off the loop's thread");
            assertThrows(NullPointerException.class, () -> server.loop.reconfigure(null));
        }
    }
}
