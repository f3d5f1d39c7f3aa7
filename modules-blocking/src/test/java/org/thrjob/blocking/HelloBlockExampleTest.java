package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * The example of Redis's "Blocking commands in Redis modules" guide, and its variants, written the
 * way the guide reads. The guide's thread sleeps one second; here it waits on a latch the test
 * opens, so that the test says when "one second" has passed without sleeping.
 */
class HelloBlockExampleTest {

    /** Opened when the example's thread may go on ("one second later"). */
    private final CountDownLatch oneSecond = new CountDownLatch(1);

    /** {@code reply_func}: replies "Hello!". */
    private static void replyFunc(CommandContext ctx, List<byte[]> args) {
        ctx.replySimple("Hello!");
    }

    /** {@code timeout_func}: replies null, as Redis's blocking commands do on timeout. */
    private static void timeoutFunc(CommandContext ctx, List<byte[]> args) {
        ctx.replyNull();
    }

    /** {@code threadmain}: wait "one second", then unblock with no privdata. */
    private void threadmain(BlockedClient<Object> bc) throws InterruptedException {
        Providers.await(oneSecond, "the test to let one second pass");
        bc.unblock(null);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void exampleCommand_threadUnblocks_repliesHello(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            // Example_RedisCommand: block ASAP, start a thread that unblocks one second later.
            host.registry.register("hello.block", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient(HelloBlockExampleTest::replyFunc,
                        HelloBlockExampleTest::timeoutFunc, null, 0);
                host.thr.schedule(() -> threadmain(bc));
            }, CommandFlag.MAY_BLOCK);
            FakeClient client = host.client();

            host.send(client, "HELLO.BLOCK");
            host.pump();
            assertEquals(List.of(), client.replies, "the client is blocked, not the server");
            assertEquals(1, host.dispatcher.stats().blockedNow());

            oneSecond.countDown();
            host.awaitReplies(client, 1);
            assertEquals(List.of("+Hello!"), client.replies);
            host.assertAllOnMain(client);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void exampleCommand_timeoutFirst_repliesNull(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            AtomicReference<BlockedClient<Object>> handle = new AtomicReference<>();
            host.registry.register("hello.block", 1, (ctx, args) -> handle.set(ctx.blockClient(
                    HelloBlockExampleTest::replyFunc, HelloBlockExampleTest::timeoutFunc, null, 1)));
            FakeClient client = host.client();

            host.send(client, "HELLO.BLOCK");
            host.awaitReplies(client, 1);
            assertEquals(List.of("(nil)"), client.replies, "the timeout callback replies null");
            assertFalse(handle.get().unblock(null), "the thread's late unblock is legal and loses");
            host.pump();
            assertEquals(List.of("(nil)"), client.replies);
            assertEquals(1, host.dispatcher.stats().timeouts());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void passingReplyData_randomNumber_repliedThenFreed(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            AtomicInteger freed = new AtomicInteger();
            Random rand = new Random(42);
            long expected = new Random(42).nextInt();
            // reply_func reads the privdata; IMPORTANT: it does not free it, free_privdata does.
            Command replyFunc = (ctx, args) -> ctx.replyInteger(ctx.<long[]>blockedPrivdata()[0]);
            PrivdataFree<long[]> freePrivdata = (ctx, mynumber) -> freed.incrementAndGet();
            host.registry.register("hello.random", 1, (ctx, args) -> {
                BlockedClient<long[]> bc = ctx.blockClient(replyFunc,
                        HelloBlockExampleTest::timeoutFunc, freePrivdata, 0);
                host.thr.schedule(() -> {
                    Providers.await(oneSecond, "one second");
                    long[] mynumber = {rand.nextInt()};
                    bc.unblock(mynumber);
                });
            });
            FakeClient client = host.client();

            host.send(client, "HELLO.RANDOM");
            oneSecond.countDown();
            host.awaitReplies(client, 1);
            assertEquals(List.of(":" + expected), client.replies);
            assertEquals(1, freed.get(), "free_privdata ran once, after the reply");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void abortingTheBlock_threadCannotStart_errorAndNoReplyCallback(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            AtomicInteger replies = new AtomicInteger();
            host.registry.register("hello.block", 1, (ctx, args) -> {
                BlockedClient<Object> bc = ctx.blockClient((c, a) -> replies.incrementAndGet(),
                        HelloBlockExampleTest::timeoutFunc, null, 0);
                try {
                    throw new RejectedExecutionException("pthread_create failed"); // the thread does not start
                } catch (RejectedExecutionException e) {
                    bc.abort();
                    ctx.replyError("Sorry can't create a thread");
                }
            });
            FakeClient client = host.client();

            host.send(client, "HELLO.BLOCK");
            host.send(client, "HELLO.BLOCK");
            host.awaitReplies(client, 2);
            assertEquals(List.of("-Sorry can't create a thread", "-Sorry can't create a thread"),
                    client.replies, "the client is unblocked and goes on, no reply callback");
            assertEquals(0, replies.get());
            assertEquals(2, host.dispatcher.stats().aborts());
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void singleFunction_commandReplyAndTimeoutInOne(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            Command[] example = new Command[1];
            example[0] = (ctx, args) -> {
                if (ctx.isBlockedReply()) {
                    ctx.replyInteger(ctx.<Long>blockedPrivdata());
                    return;
                } else if (ctx.isBlockedTimeout()) {
                    ctx.replyNull();
                    return;
                }
                long timeout = Long.parseLong(new String(args.get(1), java.nio.charset.StandardCharsets.US_ASCII));
                BlockedClient<Long> bc = ctx.blockClient(example[0], example[0], null, timeout);
                if (timeout == 0) {
                    host.thr.schedule(() -> bc.unblock(7L));
                }
            };
            host.registry.register("hello.single", 2, example[0]);
            FakeClient fast = host.client();
            FakeClient slow = host.client();

            host.send(fast, "HELLO.SINGLE", "0");
            host.send(slow, "HELLO.SINGLE", "1");
            host.awaitReplies(fast, 1);
            host.awaitReplies(slow, 1);
            assertEquals(List.of(":7"), fast.replies);
            assertEquals(List.of("(nil)"), slow.replies);
            assertTrue(host.dispatcher.stats().commands().get("hello.single").calls() >= 2);
        }
    }
}
