package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.spi.ThrProvider;

/** Module timers (RM_CreateTimer, RM_StopTimer) and the detached context a command can get. */
class ModuleTimerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void timer_firesOnceOnMainThread_withGilAndTheCreatorsDb_thenItsContextIsClosed(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<Thread> ranOn = new ArrayList<>();
            AtomicReference<ThreadSafeContext> seen = new AtomicReference<>();
            host.registry.register("arm", 1, (ctx, args) -> ctx.replyInteger(ctx.createTimer(5, t -> {
                ranOn.add(Thread.currentThread());
                seen.set(t);
                t.keySpace().set(t.db(), KEY, "fired");
                t.replySimple("goes nowhere");
            })));
            FakeClient c = host.client();
            c.db = 3;
            host.send(c, "ARM");
            host.pumpUntil(() -> !ranOn.isEmpty(), "the timer fired");
            assertEquals(List.of(host.thr.mainQueue().thread()), ranOn);
            assertEquals(3, seen.get().db(), "the timer's context is of the creator's database");
            assertEquals("fired", host.keys.get(3, KEY));
            assertThrows(IllegalStateException.class, () -> seen.get().keySpace(), "closed after the callback");
            assertEquals(List.of(":1"), c.replies, "the timer's replies go nowhere");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void stopTimer_beforeItFires_itNeverFires_andIdsAreUnique(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> fired = new ArrayList<>();
            List<Boolean> stops = new ArrayList<>();
            host.registry.register("two", 1, (ctx, args) -> {
                long stopped = ctx.createTimer(1, t -> fired.add("stopped"));
                long kept = ctx.createTimer(20, t -> fired.add("kept"));
                assertNotEquals(stopped, kept);
                stops.add(ctx.stopTimer(stopped));
                stops.add(ctx.stopTimer(stopped));
                stops.add(ctx.stopTimer(-1));
                ctx.replySimple("OK");
            });
            FakeClient c = host.client();
            host.send(c, "TWO");
            host.pumpUntil(() -> !fired.isEmpty(), "the kept timer fired");
            assertEquals(List.of("kept"), fired);
            assertEquals(List.of(true, false, false), stops, "stop once, then not found; unknown ids not found");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void badInput_refused(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            AtomicReference<CommandContext> kept = new AtomicReference<>();
            List<Class<?>> thrown = new ArrayList<>();
            host.registry.register("bad", 1, (ctx, args) -> {
                kept.set(ctx);
                thrown.add(assertThrows(IllegalArgumentException.class, () -> ctx.createTimer(-1, t -> { })).getClass());
                thrown.add(assertThrows(NullPointerException.class, () -> ctx.createTimer(1, null)).getClass());
                ctx.replySimple("OK");
            });
            FakeClient c = host.client();
            host.send(c, "BAD");
            assertEquals(2, thrown.size());
            assertThrows(IllegalStateException.class, () -> kept.get().createTimer(1, t -> { }), "after its call");
            assertThrows(IllegalStateException.class, () -> kept.get().detachedThreadSafeContext());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void timerSignal_servesClientBlockedOnKey_afterTheTimerReturns(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            host.registry.register("wait", 1, (ctx, args) -> ctx.blockClientOnKeys((c, a) -> {
                Object v = c.keySpace().get(c.db(), KEY);
                if (v == null) {
                    return false;
                }
                c.replySimple(v.toString());
                return true;
            }, null, null, 0, List.of(KEY), null, false));
            host.registry.register("push", 1, (ctx, args) -> {
                ctx.createTimer(0, t -> {
                    t.signalKeyAsReady(KEY); // before the write: served only after the timer returns
                    t.keySpace().set(t.db(), KEY, "v");
                });
                ctx.replySimple("OK");
            });
            FakeClient waiter = host.client();
            FakeClient pusher = host.client();
            host.send(waiter, "WAIT");
            host.send(pusher, "PUSH");
            host.awaitReplies(waiter, 1);
            assertEquals(List.of("+v"), waiter.replies);
            assertFalse(host.dispatcher.keysWaitedOn() > 0);
            assertTrue(host.dispatcher.waitedKeys(0).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unloadModule_refusedWhileItsTimerIsPendingOrItsClientBlocked_thenItsCommandsAreGone(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            long[] timer = new long[1];
            host.registry.load(new CommandModule() {
                @Override
                public String name() {
                    return "timers";
                }

                @Override
                public void register(CommandRegistry r) {
                    r.register("arm", 1, (ctx, args) -> {
                        timer[0] = ctx.createTimer(600_000, t -> { });
                        ctx.replySimple("OK");
                    });
                    r.register("disarm", 1, (ctx, args) -> ctx.replyInteger(ctx.stopTimer(timer[0]) ? 1 : 0));
                    r.register("hold", 1, (ctx, args) -> ctx.blockClient(null, null, null, 0));
                }
            });
            FakeClient c = host.client();
            FakeClient held = host.client();
            host.send(c, "ARM");
            assertEquals(java.util.Optional.of("the module holds timer that is not fired. Please stop the timer"
                    + " or wait until it fires."), host.dispatcher.unloadModule("timers"));
            host.send(c, "DISARM");
            host.send(held, "HOLD");
            assertEquals(java.util.Optional.of("the module has blocked clients. Please wait for them to be"
                    + " unblocked and try again"), host.dispatcher.unloadModule("timers"));
            host.dispatcher.disconnect(held);
            assertEquals(java.util.Optional.empty(), host.dispatcher.unloadModule("timers"));
            assertEquals(java.util.Optional.of("no such module with that name"), host.dispatcher.unloadModule("timers"));
            assertTrue(host.registry.modules().isEmpty());
            host.send(c, "ARM");
            assertEquals(List.of("+OK", ":1", "-ERR unknown command 'ARM', with args beginning with: "), c.replies);
        }
    }
}
