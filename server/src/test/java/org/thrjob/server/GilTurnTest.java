package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.blocking.ThreadSafeContext;
import redis.clients.jedis.Jedis;

/**
 * The main thread holds the GIL for a whole turn of the event loop, as Redis does from
 * {@code afterSleep} to {@code beforeSleep}: a thread-safe context gets it while the loop sleeps,
 * and while a context holds it, no request is read or answered, not even PING.
 */
class GilTurnTest {

    private static final Servers SERVERS = new Servers();

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void aThreadSafeContextGetsTheGilWhileTheLoopSleeps_andHoldsUpTheNextTurn(String provider) throws Exception {
        RedisServer server = SERVERS.of(provider);
        try (Jedis jedis = new Jedis("127.0.0.1", server.port(), 30_000);
                ThreadSafeContext context = server.dispatcher.detachedThreadSafeContext()) {
            jedis.flushAll();
            for (int round = 0; round < 20; round++) {
                context.lock(); // waits for the loop to sleep: it holds the GIL for its whole turn
                CompletableFuture<String> ping;
                try {
                    context.keySpace().set(0, ("ctx" + round).getBytes(), "v".getBytes());
                    ping = CompletableFuture.supplyAsync(jedis::ping);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    // The PING wakes the loop, which then waits in afterSleep for the GIL.
                    while (server.loop.isSelecting()) {
                        assertTrue(System.nanoTime() - deadline < 0, "the loop did not wake for the PING");
                        Thread.onSpinWait();
                    }
                    assertFalse(ping.isDone(), "a request was answered while a thread-safe context held the GIL");
                } finally {
                    context.unlock();
                }
                assertEquals("PONG", ping.get(30, TimeUnit.SECONDS));
            }
            assertEquals(20, jedis.keys("ctx*").size(), "the context's writes are in the key space");
        }
    }
}
