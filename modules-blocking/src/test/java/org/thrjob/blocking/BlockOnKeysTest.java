package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Job;
import org.thrjob.api.spi.ThrProvider;

/**
 * Blocking on keys, BLPOP-style: a small list module (LPUSH, BLPOP key timeoutMs) built like
 * Redis's hellotype example, whose key-ready callback pops if the list has an element and
 * declines otherwise.
 */
class BlockOnKeysTest {

    @SuppressWarnings("unchecked")
    private static ArrayDeque<String> list(CommandContext ctx, byte[] key) {
        return (ArrayDeque<String>) ctx.keySpace().get(ctx.db(), key);
    }

    /** Pops from the ready key, or declines (stays blocked) when it is empty or gone. */
    private static boolean serve(CommandContext ctx, List<byte[]> args) {
        byte[] key = ctx.readyKey();
        ArrayDeque<String> l = list(ctx, key);
        if (l == null || l.isEmpty()) {
            return false;
        }
        ctx.replyArray(2);
        ctx.replyBulk(key);
        ctx.replyBulk(l.pollLast());
        if (l.isEmpty()) {
            ctx.keySpace().delete(ctx.db(), key);
        }
        return true;
    }

    private List<String> freed = new ArrayList<>();

    private void listModule(TestHost host) {
        freed = new ArrayList<>();
        host.registry.register("lpush", -3, (ctx, args) -> {
            ArrayDeque<String> l = list(ctx, args.get(1));
            if (l == null) {
                l = new ArrayDeque<>();
                ctx.keySpace().set(ctx.db(), args.get(1), l);
            }
            for (int i = 2; i < args.size(); i++) {
                l.addFirst(new String(args.get(i), StandardCharsets.UTF_8));
            }
            ctx.replyInteger(l.size());
            ctx.signalKeyAsReady(args.get(1));
        }, CommandFlag.WRITE);
        host.registry.register("blpop", -3, (ctx, args) -> {
            List<byte[]> keys = args.subList(1, args.size() - 1);
            for (byte[] k : keys) {
                ArrayDeque<String> l = list(ctx, k);
                if (l != null && !l.isEmpty()) {
                    ctx.replyArray(2);
                    ctx.replyBulk(k);
                    ctx.replyBulk(l.pollLast());
                    return;
                }
            }
            long timeout = Long.parseLong(new String(args.get(args.size() - 1), StandardCharsets.US_ASCII));
            boolean wakeOnDelete = new String(args.get(0), StandardCharsets.US_ASCII).equalsIgnoreCase("blpopd");
            ctx.blockClientOnKeys(BlockOnKeysTest::serve, (c, a) -> c.replyNull(),
                    (c, p) -> freed.add(p), timeout, keys, "priv-" + ctx.clientId(), wakeOnDelete);
        }, CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        host.registry.register("blpopd", -3, host.registry.lookup("blpop").orElseThrow().command());
        host.registry.register("del", 2, (ctx, args) -> {
            boolean existed = ctx.keySpace().delete(ctx.db(), args.get(1));
            ctx.replyInteger(existed ? 1 : 0);
            host.dispatcher.keyDeleted(ctx.db(), args.get(1));
        });
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void signal_servesClientsInBlockingOrder(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            listModule(host);
            FakeClient a = host.client();
            FakeClient b = host.client();
            FakeClient pusher = host.client();
            host.send(a, "BLPOP", "q", "0");
            host.send(b, "BLPOP", "other", "q", "0");
            host.send(pusher, "LPUSH", "q", "one");
            assertEquals(List.of("*2", "$q", "$one"), a.replies, "first blocked, first served");
            assertEquals(List.of(), b.replies, "declined: the list is empty again, b stays blocked");
            host.send(pusher, "LPUSH", "q", "two", "three");
            assertEquals(List.of("*2", "$q", "$two"), b.replies);
            assertEquals(List.of(":1", ":2"), pusher.replies);
            assertEquals(List.of("priv-" + a.id(), "priv-" + b.id()), freed);
            assertEquals(0, host.dispatcher.keysWaitedOn());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void timeoutAndDisconnect_hostUnblocksAndFreesByItself(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            listModule(host);
            FakeClient t = host.client();
            FakeClient d = host.client();
            host.send(t, "BLPOP", "q", "1");
            host.send(d, "BLPOP", "q", "0");
            host.awaitReplies(t, 1);
            assertEquals(List.of("(nil)"), t.replies);
            host.dispatcher.disconnect(d);
            assertEquals(List.of("priv-" + t.id(), "priv-" + d.id()), freed);
            assertEquals(0, host.dispatcher.keysWaitedOn());
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void delete_wakesOnlyClientsThatAskedForIt(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            listModule(host);
            host.registry.register("blpopdel", 3, (ctx, args) -> ctx.blockClientOnKeys(
                    (c, a) -> {
                        boolean gone = c.keySpace().get(c.db(), c.readyKey()) == null;
                        if (gone) {
                            c.replyError("ERR key deleted");
                        }
                        return gone;
                    }, null, null, 0, List.of(args.get(1)), null, true));
            FakeClient plain = host.client();
            FakeClient wakes = host.client();
            FakeClient other = host.client();
            host.send(other, "LPUSH", "q", "x");
            host.send(other, "LPUSH", "q", "y");
            host.send(plain, "BLPOP", "empty", "0");
            host.send(wakes, "BLPOPDEL", "empty", "0");
            host.send(other, "DEL", "empty");
            assertEquals(List.of("-ERR key deleted"), wakes.replies);
            assertEquals(List.of(), plain.replies, "no wake-on-delete: stays blocked");
            assertEquals(1, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void signal_fromJobAndFromTimer_servedOnMainThread(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            listModule(host);
            FakeClient a = host.client();
            FakeClient b = host.client();
            host.send(a, "BLPOP", "jobkey", "0");
            host.send(b, "BLPOP", "timerkey", "0");
            ThreadSafeContext tsc = host.dispatcher.detachedThreadSafeContext();
            host.thr.schedule(() -> {
                tsc.lock();
                try {
                    ArrayDeque<String> l = new ArrayDeque<>(List.of("from-job"));
                    tsc.keySpace().set(0, "jobkey".getBytes(StandardCharsets.UTF_8), l);
                } finally {
                    tsc.unlock();
                }
                tsc.signalKeyAsReady("jobkey".getBytes(StandardCharsets.UTF_8));
            });
            host.thr.mainQueue().postAfter(Duration.ofMillis(1), Job.named("timer push", () -> {
                host.keys.set(0, "timerkey".getBytes(StandardCharsets.UTF_8), new ArrayDeque<>(List.of("from-timer")));
                host.dispatcher.signalKeyAsReady(0, "timerkey".getBytes(StandardCharsets.UTF_8));
            }));
            host.awaitReplies(a, 3);
            host.awaitReplies(b, 3);
            assertEquals("$from-job", a.replies.get(2));
            assertEquals("$from-timer", b.replies.get(2));
            host.assertAllOnMain(a, b);
            assertTrue(host.dispatcher.stats().commands().get("blpop").calls() >= 2);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void decline_repliesOfDecliningCallbackDropped(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            int[] tries = new int[1];
            host.registry.register("picky", 2, (ctx, args) -> ctx.blockClientOnKeys((c, a) -> {
                tries[0]++;
                c.replySimple("attempt " + tries[0]);
                return tries[0] == 2;
            }, null, null, 0, List.of(args.get(1)), null, false));
            FakeClient c = host.client();
            host.send(c, "PICKY", "k");
            host.dispatcher.signalKeyAsReady(0, "k".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of(), c.replies, "a declining callback's replies are dropped");
            host.dispatcher.signalKeyAsReady(0, "k".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("+attempt 2"), c.replies);
            host.dispatcher.signalKeyAsReady(0, "k".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, tries[0], "a served client is no longer waiting");
        }
    }
}
