package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * {@code RedisModule_Yield}: {@link CommandContext#yield} on the main thread runs the host's event
 * pump past the busy reply threshold with the busy reply set (so other clients' commands are
 * refused unless allowed while busy), nested yields do nothing; {@link ThreadSafeContext#yield}
 * from a thread holding the GIL hands it to the waiting main thread with the server busy until it
 * unlocks.
 */
class YieldTest {

    /** SLOW yields until STOP (allow-busy) runs; PING is an ordinary command. */
    private static final class Slow {
        volatile boolean stop;
        final AtomicInteger yields = new AtomicInteger();

        void register(TestHost host, YieldFlag flag, String busyReply) {
            host.registry.register("slow", 1, (ctx, args) -> {
                long deadline = System.nanoTime() + Providers.TIMEOUT.toNanos();
                while (!stop && System.nanoTime() - deadline < 0) {
                    yields.incrementAndGet();
                    ctx.yield(flag, busyReply);
                    if (flag == YieldFlag.NONE && yields.get() >= 3) {
                        break; // nothing can stop it from outside: three yields show the point
                    }
                }
                stop = false;
                ctx.replyInteger(1);
            });
            host.registry.register("stop", 1, (ctx, args) -> {
                stop = true;
                ctx.yield(YieldFlag.CLIENTS, "nested"); // nested: does nothing
                ctx.replySimple("OK");
            }, CommandFlag.ALLOW_BUSY);
            host.registry.register("ping", 1, (ctx, args) -> ctx.replySimple("PONG"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void yield_pastTheThreshold_servesOthers_refusingAllButAllowBusy(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Slow slow = new Slow();
            slow.register(host, YieldFlag.CLIENTS, "Slow module operation");
            FakeClient busy = host.client();
            FakeClient other = host.client();
            List<String> busyDuringPump = new ArrayList<>();
            AtomicInteger pumps = new AtomicInteger();
            host.dispatcher.busyReplyThreshold(0);
            host.dispatcher.eventPump(() -> {
                pumps.incrementAndGet();
                busyDuringPump.add(host.dispatcher.busyReply());
                host.send(other, "PING");
                host.send(other, "NOSUCH");
                host.send(other, "STOP");
            });
            host.send(busy, "SLOW");
            assertEquals(List.of(":1"), busy.replies);
            assertEquals(List.of("-BUSY Slow module operation",
                    "-ERR unknown command 'NOSUCH', with args beginning with: ", "+OK"), other.replies);
            assertEquals(List.of("BUSY Slow module operation"), busyDuringPump, "the busy reply while pumping");
            assertEquals(1, pumps.get(), "the nested yield of STOP did not pump again");
            assertNull(host.dispatcher.busyReply(), "not busy once the yield returned");
            assertEquals(1, host.dispatcher.stats().commands().get("ping").rejectedCalls(), "a rejected call");
            host.send(other, "PING");
            assertEquals("+PONG", other.replies.get(3));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void yield_withoutABusyReply_usesRedisText_andBeforeTheThreshold_doesNothing(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Slow slow = new Slow();
            slow.register(host, YieldFlag.CLIENTS, null);
            FakeClient busy = host.client();
            FakeClient other = host.client();
            List<String> seen = new ArrayList<>();
            host.dispatcher.eventPump(() -> {
                host.send(other, "PING");
                seen.add(host.dispatcher.busyReply());
                slow.stop = true;
            });
            host.dispatcher.busyReplyThreshold(0);
            host.send(busy, "SLOW");
            assertEquals(List.of("-BUSY Redis is busy running a module command."), other.replies);

            // Far from the threshold: a yield returns at once, nothing is served.
            host.dispatcher.busyReplyThreshold(TimeUnit.HOURS.toMillis(1));
            assertEquals(TimeUnit.HOURS.toMillis(1), host.dispatcher.busyReplyThreshold());
            host.registry.register("once", 1, (ctx, args) -> {
                ctx.yield(YieldFlag.CLIENTS, "x");
                ctx.replySimple("OK");
            });
            host.send(busy, "ONCE");
            assertEquals(1, seen.size(), "no pump before the threshold");
            assertThrows(IllegalArgumentException.class, () -> host.dispatcher.busyReplyThreshold(-1));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void yield_none_servesNobody(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Slow slow = new Slow();
            slow.register(host, YieldFlag.NONE, "x");
            AtomicInteger pumps = new AtomicInteger();
            host.dispatcher.eventPump(pumps::incrementAndGet);
            host.dispatcher.busyReplyThreshold(0);
            FakeClient busy = host.client();
            host.send(busy, "SLOW");
            assertEquals(List.of(":1"), busy.replies);
            assertEquals(0, pumps.get());
            assertNull(host.dispatcher.busyReply());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void threadSafeContextYield_handsTheGilToTheMainThread_busyUntilUnlock(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            host.dispatcher.busyReplyThreshold(0);
            Slow slow = new Slow();
            slow.register(host, YieldFlag.CLIENTS, "x");
            host.registry.register("bg", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient((c, a) -> { }, null, null, 0);
                ThreadSafeContext tsc = ctx.threadSafeContext(bc);
                host.thr.schedule(() -> {
                    tsc.lock();
                    try {
                        long deadline = System.nanoTime() + Providers.TIMEOUT.toNanos();
                        while (!slow.stop && System.nanoTime() - deadline < 0) {
                            tsc.yield(YieldFlag.CLIENTS, "Slow module operation");
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                        }
                    } finally {
                        tsc.unlock();
                    }
                    tsc.replySimple(slow.stop ? "done" : "never stopped");
                    tsc.close();
                    bc.unblock(null);
                });
            });
            FakeClient blocked = host.client();
            FakeClient other = host.client();
            host.send(blocked, "BG");
            host.send(blocked, "PING"); // pipelined behind the blocked client: waits for its reply
            host.pumpUntil(() -> host.dispatcher.busyReply() != null, "the job made the server busy");
            host.send(other, "PING");
            assertEquals(List.of("-BUSY Slow module operation"), other.replies);
            host.send(other, "STOP");
            host.awaitReplies(blocked, 2);
            assertEquals(List.of("+done", "+PONG"), blocked.replies);
            assertNull(host.dispatcher.busyReply(), "unlock ended the busy state");
            host.send(other, "PING");
            assertEquals(List.of("-BUSY Slow module operation", "+OK", "+PONG"), other.replies);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void threadSafeContextYield_withoutTheGil_throws(ThrProvider provider) throws Exception {
        try (TestHost host = new TestHost(provider)) {
            ThreadSafeContext tsc = host.dispatcher.detachedThreadSafeContext();
            Throwable[] thrown = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    tsc.yield(YieldFlag.CLIENTS, "x");
                } catch (Throwable e) {
                    thrown[0] = e;
                }
            });
            t.start();
            t.join(Providers.TIMEOUT.toMillis());
            assertEquals(IllegalStateException.class, thrown[0] == null ? null : thrown[0].getClass());
            tsc.close();
            assertThrows(IllegalStateException.class, () -> tsc.yield(YieldFlag.NONE, null), "closed");
        }
    }
}
