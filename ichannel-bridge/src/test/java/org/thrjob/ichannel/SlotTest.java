package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Slots: exactly one reply, request order, replies to closed connections dropped, close callbacks. */
class SlotTest {

    private static TestServer start(String provider, ChannelConfig.Builder config) throws Exception {
        return TestServer.start(provider, config, EchoHandler::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void reply_secondTime_throwsAndWritesNothing(String provider) throws Exception {
        try (TestServer server = start(provider, ChannelConfig.builder()); RawClient client = new RawClient(server.port())) {
            client.send("PARK\r\n");
            Slot slot = server.parked();
            assertTrue(!slot.isAnswered());
            slot.reply(Reply.bulk("one"));
            assertTrue(slot.isAnswered());
            IllegalStateException second = assertThrows(IllegalStateException.class, () -> slot.reply(Reply.bulk("two")));
            assertTrue(second.getMessage().contains("answered already"), second.getMessage());
            assertThrows(IllegalStateException.class, () -> server.loop.reply(slot, Reply.OK));
            client.send("PING\r\n");
            assertEquals("$3\r\none\r\n+PONG\r\n", client.read(16), "only the first reply was written");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void reply_afterTheConnectionClosed_isAcceptedAndDropped(String provider) throws Exception {
        try (TestServer server = start(provider, ChannelConfig.builder())) {
            Slot slot;
            try (RawClient client = new RawClient(server.port())) {
                client.send("PARK\r\n");
                slot = server.parked();
            }
            Providers.until(() -> server.loop.stats().connections() == 0, "the server sees the close");
            slot.reply(Reply.bulk("late"));
            assertTrue(slot.isAnswered());
            assertThrows(IllegalStateException.class, () -> slot.reply(Reply.OK));
            assertEquals(0, server.loop.stats().outputBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void reply_badArguments_areRejected(String provider) throws Exception {
        try (TestServer a = start(provider, ChannelConfig.builder());
                TestServer b = start(provider, ChannelConfig.builder());
                RawClient client = new RawClient(a.port())) {
            client.send("PARK\r\n");
            Slot slot = a.parked();
            assertThrows(IllegalArgumentException.class, () -> b.loop.reply(slot, Reply.OK));
            assertThrows(NullPointerException.class, () -> a.loop.reply(slot, null));
            assertThrows(NullPointerException.class, () -> a.loop.reply(null, Reply.OK));
            assertTrue(!slot.isAnswered(), "a rejected reply does not use the slot up");
            slot.reply(Reply.integer(7));
            assertEquals(":7\r\n", client.read(4));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void reply_fromManyThreadsInReverseOrder_leavesInRequestOrder(String provider) throws Exception {
        int requests = 1000;
        for (int round = 0; round < 5; round++) {
            replyFromFourThreadsInReverse(provider, requests);
        }
    }

    private static void replyFromFourThreadsInReverse(String provider, int requests) throws Exception {
        try (TestServer server = start(provider, ChannelConfig.builder()); RawClient client = new RawClient(server.port())) {
            client.send("PARK\r\n".repeat(requests));
            EchoHandler handler = server.echoHandler();
            Providers.until(() -> handler.parked.size() == requests, "all requests are parked");
            List<Slot> slots = new ArrayList<>(handler.parked);
            handler.parked.clear();
            for (int i = 0; i < requests; i++) {
                assertEquals(i, slots.get(i).sequence());
                assertEquals(slots.get(0).connectionId(), slots.get(i).connectionId());
            }
            Collections.reverse(slots);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = first; i < requests; i += 4) {
                        slots.get(i).reply(Reply.integer(slots.get(i).sequence()));
                    }
                }, "replier-" + t);
                threads.add(thread);
                thread.start();
            }
            go.countDown();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                expected.append(':').append(i).append("\r\n");
            }
            assertEquals(expected.toString(), client.read(expected.length()));
            for (Thread thread : threads) {
                thread.join(Providers.TIMEOUT.toMillis());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void onClose_peerLeaves_callbackRunsOnceOnTheLoopThread(String provider) throws Exception {
        try (TestServer server = start(provider, ChannelConfig.builder())) {
            try (RawClient client = new RawClient(server.port())) {
                client.send("WATCHCLOSE\r\n");
                assertEquals("+OK\r\n", client.read(5));
            }
            EchoHandler handler = server.echoHandler();
            Providers.until(() -> !handler.closed.isEmpty(), "the close callback runs");
            Connection connection = handler.closed.peek();
            assertTrue(!connection.isOpen());
            assertEquals(1, handler.closed.size());
            assertThrows(IllegalStateException.class, () -> connection.name("x"), "off the loop thread");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void handler_throws_slotGetsAnErrorAndTheConnectionGoesOn(String provider) throws Exception {
        try (TestServer server = start(provider, ChannelConfig.builder()); RawClient client = new RawClient(server.port())) {
            client.send("BOOM\r\nPING\r\n");
            String expected = "-ERR internal error in the request handler: java.lang.IllegalStateException: boom\r\n+PONG\r\n";
            assertEquals(expected, client.read(expected.length()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void reply_manyFromAWorkerInOneTurn_writtenWithOneWrite(String provider) throws Exception {
        int requests = 500;
        try (TestServer server = start(provider, ChannelConfig.builder()); RawClient client = new RawClient(server.port())) {
            client.send("PARK\r\n".repeat(requests));
            EchoHandler handler = server.echoHandler();
            Providers.until(() -> handler.parked.size() == requests, "all requests are parked");
            List<Slot> slots = new ArrayList<>(handler.parked);
            long writesBefore = server.loop.stats().writes();
            // Hold the loop in a main job while a worker replies to every slot: the replies then
            // reach the loop in one turn, as a busy loop would find them.
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            server.thr.mainQueue().post(() -> {
                holding.countDown();
                release.await();
            });
            Providers.await(holding, "the loop runs the holding job");
            CountDownLatch replied = new CountDownLatch(1);
            server.thr.schedule(() -> {
                for (Slot slot : slots) {
                    slot.reply(Reply.integer(slot.sequence()));
                }
                replied.countDown();
            });
            Providers.await(replied, "the worker's replies");
            release.countDown();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < requests; i++) {
                expected.append(':').append(i).append("\r\n");
            }
            assertEquals(expected.toString(), client.read(expected.length()));
            assertEquals(1, server.loop.stats().writes() - writesBefore, "one write for the turn's 500 replies");
        }
    }
}
