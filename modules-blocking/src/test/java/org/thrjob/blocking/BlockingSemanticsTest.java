package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/** The rules of blocked clients (SPEC section 9) as the module API exposes them. */
class BlockingSemanticsTest {

    /** A command BLOCK [timeoutMs]: replies its privdata, times out with "timeout". */
    private static AtomicReference<BlockedClient<String>> blockCommand(TestHost host, List<String> freed) {
        AtomicReference<BlockedClient<String>> handle = new AtomicReference<>();
        host.registry.register("block", -1, (ctx, args) -> {
            long timeout = args.size() > 1 ? Long.parseLong(new String(args.get(1))) : 0;
            handle.set(ctx.blockClient((c, a) -> c.replyBulk(c.<String>blockedPrivdata()),
                    (c, a) -> c.replySimple("timeout"), (c, p) -> freed.add(p), timeout));
        });
        host.registry.register("ping", 1, (ctx, args) -> ctx.replySimple("PONG"));
        return handle;
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblock_secondCall_returnsFalseAndDoesNothing(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            FakeClient c = host.client();
            host.send(c, "BLOCK");
            assertTrue(handle.get().unblock("first"));
            assertFalse(handle.get().unblock("second"), "SPEC 9.3");
            host.awaitReplies(c, 1);
            assertEquals(List.of("$first"), c.replies);
            assertEquals(List.of("first"), freed);
            assertEquals(BlockedClient.Outcome.REPLY, handle.get().outcome().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblock_afterTimeout_onlyFreesItsPrivdata(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            FakeClient c = host.client();
            host.send(c, "BLOCK", "1");
            host.awaitReplies(c, 1);
            assertEquals(List.of("+timeout"), c.replies);
            assertFalse(handle.get().unblock("late"));
            host.pumpUntil(() -> freed.contains("late"), "the late privdata is freed");
            assertEquals(List.of("late"), freed);
            assertEquals(List.of("+timeout"), c.replies, "no reply callback after the timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void timeout_noTimeoutCallback_unblocksSilentlyAndFrees(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            host.registry.register("quiet", 1, (ctx, args) -> ctx.<String>blockClient(null, null,
                    (c, p) -> freed.add(p), 1).setPrivdata("mine"));
            host.registry.register("ping", 1, (ctx, args) -> ctx.replySimple("PONG"));
            FakeClient c = host.client();
            host.send(c, "QUIET");
            host.send(c, "PING");
            host.awaitReplies(c, 1);
            assertEquals(List.of("+PONG"), c.replies, "SPEC 9.4: no reply for the timeout itself");
            assertEquals(List.of("mine"), freed);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblock_deadlineInSameTurn_unblockWins(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            FakeClient c = host.client();
            long before = host.wakeups.get();
            host.send(c, "BLOCK", "1");
            // Without pumping, wait until the deadline's job has reached the main queue.
            Providers.until(() -> host.wakeups.get() > before, "the deadline is posted");
            assertTrue(handle.get().unblock("won"), "the deadline has not been handled yet");
            host.awaitReplies(c, 1);
            assertEquals(List.of("$won"), c.replies);
            assertEquals(0, host.dispatcher.stats().timeouts());
            assertEquals(List.of("won"), freed);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void privdata_setThenUnblock_unblockReplacesAndTimeoutSeesSetOne(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            FakeClient a = host.client();
            FakeClient b = host.client();
            host.send(a, "BLOCK");
            BlockedClient<String> first = handle.get();
            first.setPrivdata("set");
            assertEquals("set", first.privdata().orElseThrow());
            first.unblock("given");
            host.send(b, "BLOCK", "1");
            handle.get().setPrivdata("for-timeout");
            host.awaitReplies(a, 1);
            host.awaitReplies(b, 1);
            assertEquals(List.of("$given"), a.replies, "the unblock's privdata replaces the set one");
            assertEquals(List.of("+timeout"), b.replies);
            assertTrue(freed.containsAll(List.of("given", "for-timeout")), freed.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void disconnect_whileBlocked_disconnectCallbackThenFreeSeesDisconnected(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> events = new ArrayList<>();
            AtomicReference<BlockedClient<String>> handle = new AtomicReference<>();
            host.registry.register("block", 1, (ctx, args) -> {
                BlockedClient<String> bc = ctx.blockClient((c, a) -> events.add("reply"), null,
                        (c, p) -> events.add("free " + p + " disconnected=" + c.blockedClientDisconnected()), 0);
                bc.setPrivdata("p");
                bc.setDisconnectCallback(p -> events.add("disconnect " + p));
                handle.set(bc);
            });
            FakeClient c = host.client();
            host.send(c, "BLOCK");
            host.dispatcher.disconnect(c);
            assertEquals(List.of("disconnect p", "free p disconnected=true"), events);
            assertTrue(handle.get().isDisconnected());
            assertFalse(handle.get().unblock("late"), "unblock after disconnect only frees");
            host.pumpUntil(() -> events.size() == 3, "the late free");
            assertEquals("free late disconnected=true", events.get(2));
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void pipelined_commandsOfBlockedClient_waitAndRunInOrderAfterReply(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            FakeClient c = host.client();
            FakeClient other = host.client();
            host.send(c, "BLOCK");
            host.send(c, "PING");
            host.send(c, "BLOCK");
            host.send(c, "NOPE", "x");
            host.send(other, "PING");
            assertEquals(List.of(), c.replies);
            assertEquals(List.of("+PONG"), other.replies, "only the blocked client waits");
            handle.get().unblock("one");
            host.awaitReplies(c, 2);
            assertEquals(List.of("$one", "+PONG"), c.replies, "the second BLOCK blocks again");
            handle.get().unblock("two");
            host.awaitReplies(c, 4);
            assertEquals(List.of("$one", "+PONG", "$two",
                    "-ERR unknown command 'NOPE', with args beginning with: 'x' "), c.replies);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblockedClients_handledInUnblockOrder(ThrProvider provider) throws InterruptedException {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            List<FakeClient> clients = new ArrayList<>();
            List<BlockedClient<String>> handles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                FakeClient c = host.client();
                host.send(c, "BLOCK");
                clients.add(c);
                handles.add(handle.get());
            }
            int[] order = {3, 0, 4, 1, 2};
            CountDownLatch done = new CountDownLatch(1);
            host.thr.schedule(() -> {
                for (int i : order) {
                    handles.get(i).unblock("c" + i);
                }
                done.countDown();
            });
            Providers.await(done, "the job unblocks all five");
            host.pumpUntil(() -> host.log.size() == 5, "five replies");
            List<String> expected = new ArrayList<>();
            for (int i : order) {
                expected.add(clients.get(i).id() + " $c" + i);
            }
            assertEquals(expected, host.log);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void blockClient_whereNotAllowed_abortedHandleAndRedisErrors(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            List<BlockedClient<String>> handles = new ArrayList<>();
            host.registry.register("block", 1, (ctx, args) -> {
                if (ctx.isBlockedReply()) {
                    handles.add(ctx.blockClient(null, null, null, 0)); // not from a reply callback
                    return;
                }
                BlockedClient<String> bc = ctx.blockClient(null, null, (c, p) -> freed.add(p), 0);
                handles.add(bc);
                bc.setPrivdata("p" + handles.size());
            });
            host.registry.register("flags", 1, (ctx, args) -> ctx.replyInteger(
                    ctx.contextFlags().contains(ContextFlag.MULTI) ? 1 : 0));
            host.registry.register("self", 1, (ctx, args) -> {
                BlockedClient<String> bc = ctx.blockClient((c, a) -> c.blockClient(null, null, null, 0), null, null, 0);
                bc.unblock("x");
            });
            FakeClient c = host.client();
            host.dispatcher.exec(c, List.of(TestHost.args("FLAGS"), TestHost.args("BLOCK")));
            host.dispatcher.submit(c, TestHost.args("BLOCK"), EnumSet.of(ContextFlag.LUA));
            host.dispatcher.submit(c, TestHost.args("BLOCK"), EnumSet.of(ContextFlag.DENY_BLOCKING));
            host.send(c, "SELF");
            host.awaitReplies(c, 6);
            assertEquals(List.of("*2", ":1",
                    "-ERR Blocking module command called from transaction",
                    "-ERR Blocking module command called from Lua script",
                    "-ERR Blocking module command called from a context that denies blocking",
                    "-ERR Blocking module command called from a Reply callback context"), c.replies);
            for (BlockedClient<String> h : handles) {
                assertEquals(BlockedClient.Outcome.ABORT, h.outcome().orElseThrow());
                assertFalse(h.unblock("late"));
                assertFalse(h.abort());
            }
            host.pumpUntil(() -> freed.size() == 6, "every privdata freed: " + freed);
            assertEquals(List.of("p1", "p2", "p3", "late", "late", "late"), freed);
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void measureTime_backgroundTimeCountsInCommandUsec(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            host.registry.register("slow", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient((c, a) -> c.replySimple("OK"), null, null, 0);
                host.thr.schedule(() -> {
                    bc.measureTimeStart();
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < 5_000_000L) {
                        Thread.onSpinWait(); // five milliseconds of "work"
                    }
                    bc.measureTimeEnd();
                    bc.unblock(null);
                });
            });
            FakeClient c = host.client();
            host.send(c, "SLOW");
            host.awaitReplies(c, 1);
            CommandStats stats = host.dispatcher.stats().commands().get("slow");
            assertEquals(1, stats.calls());
            assertTrue(stats.usec() >= 5_000, "usec includes the background time: " + stats);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void clientUnblock_timeoutErrorAndNoTimeoutCallback(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            blockCommand(host, freed);
            host.registry.register("forever", 1, (ctx, args) -> ctx.blockClient(null, null, null, 0));
            FakeClient t = host.client();
            FakeClient e = host.client();
            FakeClient n = host.client();
            host.send(t, "BLOCK");
            host.send(e, "BLOCK");
            host.send(n, "FOREVER");
            assertTrue(host.dispatcher.clientUnblock(t.id(), UnblockMode.TIMEOUT));
            assertTrue(host.dispatcher.clientUnblock(e.id(), UnblockMode.ERROR));
            assertFalse(host.dispatcher.clientUnblock(n.id(), UnblockMode.TIMEOUT),
                    "only a client with a timeout callback can be unblocked");
            assertFalse(host.dispatcher.clientUnblock(t.id(), UnblockMode.TIMEOUT), "not blocked any more");
            assertFalse(host.dispatcher.clientUnblock(999, UnblockMode.ERROR), "no such client");
            assertEquals(List.of("+timeout"), t.replies);
            assertEquals(List.of("-UNBLOCKED client unblocked via CLIENT UNBLOCK"), e.replies);
            assertEquals(1, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void stats_blockedTotalTimeoutsAbortsAndCalls(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> freed = new ArrayList<>();
            var handle = blockCommand(host, freed);
            host.registry.register("fail", 1, (ctx, args) -> {
                throw new IllegalStateException("boom");
            });
            FakeClient c = host.client();
            host.send(c, "BLOCK", "1");
            host.awaitReplies(c, 1);
            host.send(c, "BLOCK");
            handle.get().abort();
            host.send(c, "FAIL");
            host.awaitReplies(c, 2);
            host.send(c, "BLOCK");
            BlockingStats stats = host.dispatcher.stats();
            assertEquals(1, stats.blockedNow());
            assertEquals(3, stats.totalBlocked());
            assertEquals(1, stats.timeouts());
            assertEquals(1, stats.aborts());
            assertEquals(3, stats.commands().get("block").calls());
            assertEquals(1, stats.commands().get("fail").calls());
            assertEquals(1, stats.commands().get("fail").failedCalls());
            assertEquals("-ERR IllegalStateException: boom", c.replies.get(1));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void context_afterCall_throws(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            AtomicReference<CommandContext> kept = new AtomicReference<>();
            host.registry.register("keep", 1, (ctx, args) -> {
                kept.set(ctx);
                ctx.replySimple("OK");
            });
            FakeClient c = host.client();
            host.send(c, "KEEP");
            assertThrows(IllegalStateException.class, () -> kept.get().replySimple("late"));
            AtomicInteger blocked = new AtomicInteger();
            host.registry.register("twice", 1, (ctx, args) -> {
                ctx.blockClient(null, null, null, 0).abort();
                blocked.incrementAndGet();
                ctx.blockClient(null, null, null, 0);
            });
            host.send(c, "TWICE");
            host.awaitReplies(c, 2);
            assertTrue(c.replies.get(1).startsWith("-ERR IllegalStateException: 'twice' already blocked"), c.replies.toString());
        }
    }
}
