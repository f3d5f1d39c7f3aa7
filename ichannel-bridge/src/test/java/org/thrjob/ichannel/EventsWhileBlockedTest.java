package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;

/**
 * {@link EventLoop#processEventsWhileBlocked()}, used as Redis's busy commands use it: a request
 * that runs long lets the loop serve the other clients meanwhile (here with {@code -BUSY}), while
 * its own connection's next request waits.
 */
class EventsWhileBlockedTest {

    /**
     * {@code SLOW}: runs until {@code STOP}, serving events meanwhile; {@code STOP} (allowed while
     * busy) ends it and tries a nested call; anything else is refused with {@code -BUSY} while
     * {@code SLOW} runs and answered {@code +PONG} otherwise.
     */
    private static final class BusyHandler implements RequestHandler {
        final AtomicReference<EventLoop> loop = new AtomicReference<>();
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final CountDownLatch slowEnded = new CountDownLatch(1);
        final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        volatile int nestedResult = -1;
        /* Main thread only. */
        private Connection slowConnection;
        private boolean busy;
        private boolean stop;

        @Override
        public void onRequest(Connection connection, List<byte[]> args, Slot slot) {
            String name = new String(args.get(0), StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
            log.add(connection.id() + ":" + name + (busy ? ":busy" : ""));
            switch (name) {
                case "SLOW" -> {
                    slowConnection = connection;
                    slow(slot);
                }
                case "KILL" -> {
                    slowConnection.close(); // CLIENT KILL of the busy connection, from inside the pump
                    slot.reply(Reply.OK);
                }
                case "STOP" -> {
                    stop = true;
                    nestedResult = loop.get().processEventsWhileBlocked();
                    slot.reply(Reply.OK);
                }
                default -> slot.reply(busy ? Reply.error("-BUSY the handler is busy") : Reply.simple("PONG"));
            }
        }

        private void slow(Slot slot) {
            busy = true;
            slowStarted.countDown();
            long deadline = System.nanoTime() + Providers.TIMEOUT.toNanos();
            try {
                while (!stop) {
                    loop.get().processEventsWhileBlocked();
                    if (System.nanoTime() - deadline > 0) {
                        slot.reply(Reply.error("-ERR STOP did not come within " + Providers.TIMEOUT));
                        return;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the slow work itself
                }
            } finally {
                busy = false;
                stop = false;
                slowEnded.countDown();
            }
            slot.reply(Reply.integer(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void aRunningHandler_letsOthersBeServed_whileItsOwnPipelineWaits(String provider) throws Exception {
        BusyHandler handler = new BusyHandler();
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder(), thr -> handler);
                RawClient slow = new RawClient(server.port());
                RawClient other = new RawClient(server.port())) {
            handler.loop.set(server.loop);
            assertEquals("+PONG\r\n", other.send("PING\r\n").read(7), "served before anything is busy");
            slow.send("SLOW\r\nPING\r\n"); // the PING is pipelined behind SLOW: it must wait
            Providers.await(handler.slowStarted, "SLOW started");
            String busy = "-BUSY the handler is busy\r\n";
            assertEquals(busy, other.send("PING\r\n").read(busy.length()), "a client served meanwhile");
            try (RawClient late = new RawClient(server.port())) {
                assertEquals(busy, late.send("PING\r\n").read(busy.length()), "a connection accepted meanwhile");
            }
            assertEquals("+OK\r\n", other.send("STOP\r\n").read(5));
            assertEquals(":1\r\n+PONG\r\n", slow.read(11), "SLOW's reply, then its pipelined PING's");
            assertEquals("+PONG\r\n", other.send("PING\r\n").read(7), "no longer busy");
            assertEquals(0, handler.nestedResult, "a nested call does nothing");
            long slowId = Long.parseLong(handler.log.stream().filter(e -> e.endsWith(":SLOW")).findFirst()
                    .orElseThrow().split(":")[0]);
            for (String event : handler.log) {
                if (event.startsWith(slowId + ":PING")) {
                    assertEquals(slowId + ":PING", event, "the busy connection's PING waited for SLOW");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void theRunningConnection_closedMeanwhile_losesItsReply_andTheLoopGoesOn(String provider) throws Exception {
        BusyHandler handler = new BusyHandler();
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder(), thr -> handler);
                RawClient slow = new RawClient(server.port());
                RawClient other = new RawClient(server.port())) {
            handler.loop.set(server.loop);
            slow.send("SLOW\r\nPING\r\n");
            Providers.await(handler.slowStarted, "SLOW started");
            assertEquals("+OK\r\n", other.send("KILL\r\n").read(5));
            assertEquals("", slow.readToEnd(), "closed: neither SLOW's reply nor its PING's");
            assertEquals("+OK\r\n", other.send("STOP\r\n").read(5));
            Providers.await(handler.slowEnded, "SLOW ended"); // STOP ran inside a pump SLOW leaves next
            assertEquals("+PONG\r\n", other.send("PING\r\n").read(7), "the loop serves on");
            assertEquals(1L, server.loop.stats().connections(), "only the other connection is left");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void offTheLoopThread_orWhenNotRunning_itThrows(String provider) throws IOException {
        try (Thr thr = Providers.thr(provider)) {
            EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().bindAddress("127.0.0.1").port(0).build(),
                    (c, args, slot) -> slot.reply(Reply.OK));
            IllegalStateException before = assertThrows(IllegalStateException.class, loop::processEventsWhileBlocked);
            assertTrue(before.getMessage().contains("not running"), before.getMessage());
            loop.stop();
            assertThrows(IllegalStateException.class, loop::processEventsWhileBlocked, "after stop");
        }
        try (TestServer server = TestServer.echo(provider)) {
            IllegalStateException off = assertThrows(IllegalStateException.class,
                    server.loop::processEventsWhileBlocked);
            assertTrue(off.getMessage().contains("event loop's thread"), off.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void fromAMainQueueJob_itServesClients(String provider) throws Exception {
        BusyHandler handler = new BusyHandler();
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder(), thr -> handler);
                RawClient client = new RawClient(server.port())) {
            handler.loop.set(server.loop);
            CountDownLatch inJob = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.thr.mainQueue().post(() -> {
                inJob.countDown();
                long deadline = System.nanoTime() + Providers.TIMEOUT.toNanos();
                while (release.getCount() > 0 && System.nanoTime() - deadline < 0) {
                    server.loop.processEventsWhileBlocked();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            });
            Providers.await(inJob, "the job runs");
            assertEquals("+PONG\r\n", client.send("PING\r\n").read(7), "answered while the job runs");
            release.countDown();
            assertEquals("+PONG\r\n", client.send("PING\r\n").read(7), "and after it");
        }
    }
}
