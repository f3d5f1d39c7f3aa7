package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;

/** After {@code stop()}: no connection, buffer or thread is left, and late replies are dropped. */
class StopTest {

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith(prefix)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void stop_withClientsBuffersAndParkedRequests_leavesNothing(String provider) throws Exception {
        TestServer server = TestServer.echo(provider);
        int port = server.port();
        Slot parked;
        try (RawClient watched = new RawClient(port); RawClient parking = new RawClient(port);
                RawClient partial = new RawClient(port)) {
            watched.send("WATCHCLOSE\r\n");
            assertEquals("+OK\r\n", watched.read(5));
            parking.send("PARK\r\n");
            parked = server.parked();
            partial.send("*2\r\n$4\r\nECHO\r\n$100000\r\nonly-a-part"); // a big argument half read
            Providers.until(() -> server.loop.stats().queryBytes() > 0, "the partial request is buffered");
            assertEquals(3, server.loop.stats().connections());

            server.stop();

            assertFalse(server.loop.isRunning());
            ChannelStats stats = server.loop.stats();
            assertEquals(0, stats.connections(), stats.toString());
            assertEquals(0, stats.pendingSlots(), stats.toString());
            assertEquals(0, stats.outputBytes(), stats.toString());
            assertEquals(0, stats.queryBytes(), stats.toString());
            assertEquals("", watched.readToEnd());
            assertEquals("", parking.readToEnd());
            assertEquals("", partial.readToEnd());
            assertEquals(1, server.echoHandler().closed.size(), "the close callback ran");
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the listener is closed");
            parked.reply(Reply.OK); // accepted and dropped
            assertTrue(parked.isAnswered());
            assertThrows(IllegalStateException.class, server.loop::run, "a stopped loop cannot run again");
        } finally {
            server.close();
        }
        assertEquals(List.of(), threadsNamed("ichannel-test"), "the loop and the runtime left no thread");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void stop_afterWorkerReplies_writesThemBeforeClosing(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); RawClient client = new RawClient(server.port())) {
            client.send("PARK\r\nPARK\r\n");
            Slot first = server.parked();
            Slot second = server.parked();
            CountDownLatch replied = new CountDownLatch(1);
            server.thr.schedule(() -> {
                first.reply(Reply.bulk("a"));
                second.reply(Reply.bulk("b"));
                replied.countDown();
            });
            Providers.await(replied, "the worker's replies");
            server.stop();
            assertEquals("$1\r\na\r\n$1\r\nb\r\n", client.readToEnd());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void stop_beforeRun_closesTheListenerAndRunIsRefused(String provider) throws Exception {
        try (Thr thr = Providers.thr(provider)) {
            EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().port(0).build(),
                    (c, args, slot) -> slot.reply(Reply.OK));
            int port = loop.port();
            assertEquals(0, loop.stats().connections(), "stats before run");
            assertFalse(loop.isRunning());
            loop.stop();
            loop.stop();
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
            assertThrows(IllegalStateException.class, loop::run);
            assertEquals(0, loop.stats().connections());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void open_portInUse_failsSayingWhatToDo(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider)) {
            IOException failure = assertThrows(IOException.class, () -> EventLoop.open(server.thr,
                    ChannelConfig.builder().port(server.port()).build(), (c, a, s) -> s.reply(Reply.OK)));
            assertTrue(failure.getMessage().contains("choose another bind address or port"), failure.getMessage());
        }
    }
}
