package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/** Thread-safe contexts: buffered replies after the callback's output, and the GIL. */
class ThreadSafeContextTest {

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void replies_fromJob_sentAfterReplyCallbackOutput(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            host.registry.register("tsc", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient((c, a) -> c.replySimple("from-callback"), null, null, 0);
                ThreadSafeContext tsc = ctx.threadSafeContext(bc);
                host.thr.schedule(() -> {
                    tsc.replyArray(2);
                    tsc.replyInteger(1);
                    tsc.replyBulk("two");
                    tsc.close();
                    bc.unblock(null);
                });
            });
            FakeClient c = host.client();
            host.send(c, "TSC");
            host.awaitReplies(c, 4);
            assertEquals(List.of("+from-callback", "*2", ":1", "$two"), c.replies);
            host.assertAllOnMain(c);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void lock_heldByMainUntilLoopSleeps_thenJobHasTheKeySpace(ThrProvider provider) throws InterruptedException {
        try (TestHost host = new TestHost(provider)) {
            byte[] key = "counter".getBytes(StandardCharsets.UTF_8);
            host.keys.set(0, key, 0);
            ThreadSafeContext tsc = host.dispatcher.detachedThreadSafeContext();
            AtomicBoolean tryWhileMainHolds = new AtomicBoolean(true);
            AtomicReference<Throwable> noLock = new AtomicReference<>();
            CountDownLatch tried = new CountDownLatch(1);
            CountDownLatch wrote = new CountDownLatch(1);
            host.thr.schedule(() -> {
                tryWhileMainHolds.set(tsc.tryLock());
                try {
                    tsc.keySpace();
                } catch (IllegalStateException e) {
                    noLock.set(e);
                }
                tried.countDown();
                tsc.lock(); // waits for the main loop to sleep
                try {
                    tsc.keySpace().set(0, key, 42);
                } finally {
                    tsc.unlock();
                }
                wrote.countDown();
            });
            Providers.await(tried, "the job tries the lock");
            assertFalse(tryWhileMainHolds.get(), "the main thread holds the GIL while it runs");
            assertTrue(noLock.get().getMessage().contains("needs the GIL"), noLock.get().getMessage());
            assertEquals(0, host.keys.get(0, key), "nothing written yet");
            host.pumpUntil(() -> wrote.getCount() == 0, "the job writes while the loop sleeps");
            assertEquals(42, host.keys.get(0, key));
            tsc.close();
            assertThrows(IllegalStateException.class, tsc::lock);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void threadSafeContext_foreignHandle_refused(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            BlockedClient<Object> foreign = BlockedClient.builder(host.thr.mainQueue()).block();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> host.dispatcher.threadSafeContext(foreign));
            assertTrue(e.getMessage().contains("not blocked by this dispatcher"), e.getMessage());
            foreign.abort();
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void replies_beforeTimeout_sentAfterTimeoutCallbackAndFreeSeesConnected(ThrProvider provider)
            throws InterruptedException {
        try (TestHost host = new TestHost(provider)) {
            List<Boolean> disconnected = new java.util.ArrayList<>();
            CountDownLatch replied = new CountDownLatch(1);
            host.registry.register("tsc", 1, (ctx, args) -> {
                BlockedClient<String> bc = ctx.blockClient(null, (c, a) -> c.replyNull(),
                        (c, p) -> disconnected.add(c.blockedClientDisconnected()), 1);
                bc.setPrivdata("p");
                ThreadSafeContext tsc = ctx.threadSafeContext(bc);
                host.thr.schedule(() -> {
                    tsc.replySimple("partial");
                    replied.countDown();
                });
            });
            FakeClient c = host.client();
            host.send(c, "TSC");
            Providers.await(replied, "the job replies");
            host.awaitReplies(c, 2);
            assertEquals(List.of("(nil)", "+partial"), c.replies);
            assertEquals(List.of(false), disconnected);
        }
    }
}
