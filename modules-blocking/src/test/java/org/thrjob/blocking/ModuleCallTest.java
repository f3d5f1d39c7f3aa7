package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * A module calling commands ({@code RedisModule_Call}): replies collected into a {@link CallReply},
 * DENY_BLOCKING for the called command, the GIL rule off the main thread, the statistics and the
 * call observer's whole time of a blocked command.
 */
class ModuleCallTest {

    /** Registers NESTED (replies a map of an array and a set), FAILS, and CALL (calls its args). */
    private static void register(TestHost host, List<java.util.Set<ContextFlag>> seen) {
        host.registry.register("nested", 1, (ctx, args) -> {
            seen.add(ctx.contextFlags());
            ctx.replyMap(1);
            ctx.replyBulk("k");
            ctx.replyArray(2);
            ctx.replyInteger(1);
            ctx.replySet(0);
        });
        host.registry.register("fails", 1, (ctx, args) -> ctx.replyError("WRONGTYPE no"));
        host.registry.register("call", -2, (ctx, args) -> ctx.replyCallReply(ctx.call(args.subList(1, args.size()))));
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void call_collectsTheReplyTree_asRESP2_withDenyBlocking(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<java.util.Set<ContextFlag>> seen = new ArrayList<>();
            register(host, seen);
            AtomicReference<CallReply> got = new AtomicReference<>();
            host.registry.register("keep", 1, (ctx, args) -> {
                got.set(ctx.call(TestHost.args("NESTED")));
                ctx.replySimple("OK");
            });
            FakeClient c = host.client(3);
            host.send(c, "KEEP");
            CallReply r = got.get();
            assertEquals(CallReply.Type.ARRAY, r.type(), "a map is a flat array for the RESP2 caller: " + r);
            assertEquals("k", r.elements().get(0).string());
            assertEquals(1, r.elements().get(1).elements().get(0).integer());
            assertEquals(CallReply.Type.ARRAY, r.elements().get(1).elements().get(1).type());
            assertEquals(java.util.Set.of(ContextFlag.DENY_BLOCKING), seen.get(0));
            assertThrows(IllegalStateException.class, () -> r.integer(), "integer() of an array");
            host.send(c, "CALL", "NESTED");
            assertEquals(List.of("+OK", "*2", "$k", "*2", ":1", "*0"), c.replies);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void call_errorsComeBack_unknownAndArityAreRejected_statsCount(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            register(host, new ArrayList<>());
            FakeClient c = host.client();
            host.send(c, "CALL", "FAILS");
            host.send(c, "CALL", "NOSUCH", "a");
            host.send(c, "CALL", "FAILS", "extra");
            assertEquals(List.of("-WRONGTYPE no", "-ERR unknown command 'NOSUCH', with args beginning with: 'a' ",
                    "-ERR wrong number of arguments for 'fails' command"), c.replies);
            CommandStats fails = host.dispatcher.stats().commands().get("fails");
            assertEquals(new CommandStats(1, 1, fails.usec(), 1), fails, "one failed call, one rejected");
            CommandStats call = host.dispatcher.stats().commands().get("call");
            assertEquals(3, call.calls());
            assertEquals(3, call.failedCalls(), "the caller replied the errors");
            host.dispatcher.resetStats();
            assertEquals(new CommandStats(0, 0, 0, 0), host.dispatcher.stats().commands().get("fails"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void callFromAJob_needsTheGil_andAnOpenContext(ThrProvider provider) throws InterruptedException {
        try (TestHost host = new TestHost(provider)) {
            register(host, new ArrayList<>());
            AtomicReference<Throwable> withoutGil = new AtomicReference<>();
            AtomicReference<Throwable> afterClose = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            host.registry.register("bg", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient(null, null, null, 0);
                ThreadSafeContext tsc = ctx.threadSafeContext(bc);
                host.thr.schedule(() -> {
                    withoutGil.set(assertThrows(IllegalStateException.class, () -> tsc.call(TestHost.args("FAILS"))));
                    tsc.lock();
                    CallReply r;
                    try {
                        r = tsc.call(TestHost.args("FAILS"));
                    } finally {
                        tsc.unlock();
                    }
                    tsc.replyCallReply(r);
                    tsc.close();
                    afterClose.set(assertThrows(IllegalStateException.class, () -> tsc.call(TestHost.args("FAILS"))));
                    bc.unblock(null);
                    done.countDown();
                });
            });
            FakeClient c = host.client();
            host.send(c, "BG");
            host.awaitReplies(c, 1);
            assertTrue(done.await(Providers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the job did not finish");
            assertEquals(List.of("-WRONGTYPE no"), c.replies);
            assertTrue(withoutGil.get().getMessage().contains("GIL"), withoutGil.get().getMessage());
            assertTrue(afterClose.get().getMessage().contains("closed"), afterClose.get().getMessage());
            assertEquals(1, host.dispatcher.stats().commands().get("bg").failedCalls(),
                    "an error through the thread-safe context fails the blocked call");
            assertThrows(NullPointerException.class, () -> CallReply.bulk(null));
            assertFalse(CallReply.error("ERR x").isRejected());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void observer_getsABlockedCommandOnceUnblocked_withItsMeasuredTime(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> done = new ArrayList<>();
            List<Long> nanos = new ArrayList<>();
            host.dispatcher.observer((client, spec, args, n) -> {
                done.add(spec.name() + " " + new String(args.get(0), StandardCharsets.UTF_8));
                nanos.add(n);
            });
            register(host, new ArrayList<>());
            host.registry.register("slowbg", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient((c, a) -> c.replySimple("done"), null, null, 0);
                host.thr.schedule(() -> {
                    bc.measureTimeStart();
                    long until = System.nanoTime() + 5_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // 5 ms of measured background work
                    }
                    bc.measureTimeEnd();
                    bc.unblock(null);
                });
            });
            FakeClient c = host.client();
            host.send(c, "CALL", "FAILS");
            assertEquals(List.of("call CALL"), done, "the called command is not reported on its own");
            host.send(c, "SLOWBG");
            assertEquals(1, done.size(), "not reported while blocked");
            host.awaitReplies(c, 2);
            assertEquals(List.of("call CALL", "slowbg SLOWBG"), done);
            assertTrue(nanos.get(1) >= 5_000_000, "the measured background time is in: " + nanos.get(1));
        }
    }
}
