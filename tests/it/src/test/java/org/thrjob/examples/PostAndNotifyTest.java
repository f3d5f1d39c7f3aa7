package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.thrjob.api.Thr;

/**
 * Post &amp; notify: work on a background queue, the reply posted to the main queue and run by the
 * main thread, here the test's thread, which created the runtime.
 */
@Timeout(60)
class PostAndNotifyTest {

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    /** The same sum by a sieve, to check the trial division of the example against. */
    private static long sieveSumOfPrimesBelow(int limit) {
        boolean[] composite = new boolean[Math.max(limit, 2)];
        long sum = 0;
        for (int i = 2; i < limit; i++) {
            if (!composite[i]) {
                sum += i;
                for (long j = (long) i * i; j < limit; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return sum;
    }

    @Test
    void sumOfPrimesBelow_smallLimits_matchesKnownSums() {
        assertEquals(0, PostAndNotify.sumOfPrimesBelow(0));
        assertEquals(0, PostAndNotify.sumOfPrimesBelow(2));
        assertEquals(17, PostAndNotify.sumOfPrimesBelow(10));
        assertEquals(sieveSumOfPrimesBelow(10_000), PostAndNotify.sumOfPrimesBelow(10_000));
    }

    @Test
    void computeAndReply_onMainThread_replyRunsOnTheCallingThread() {
        for (int round = 0; round < 10; round++) {
            PostAndNotify.Reply reply = PostAndNotify.computeAndReply(thr, 20_000, Runtimes.TIMEOUT);

            assertEquals(sieveSumOfPrimesBelow(20_000), reply.value());
            assertSame(Thread.currentThread(), reply.repliedOn());
            assertNotSame(Thread.currentThread(), reply.computedOn());
        }
    }

    @Test
    void submitAndReply_onMainThread_futureContinuationRunsOnTheCallingThread() {
        PostAndNotify.Reply reply = PostAndNotify.submitAndReply(thr, 20_000, Runtimes.TIMEOUT);

        assertEquals(sieveSumOfPrimesBelow(20_000), reply.value());
        assertSame(Thread.currentThread(), reply.repliedOn());
        assertNotSame(Thread.currentThread(), reply.computedOn());
    }

    @Test
    void fsyncAndReply_newFile_writesOnItsOwnThreadAndRepliesOnMain(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("appendonly.aof");
        byte[] data = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);

        PostAndNotify.Reply first = PostAndNotify.fsyncAndReply(thr, file, data, Runtimes.TIMEOUT);
        PostAndNotify.Reply second = PostAndNotify.fsyncAndReply(thr, file, data, Runtimes.TIMEOUT);

        assertEquals(data.length, first.value());
        assertEquals(2L * data.length, second.value());
        byte[] twice = new byte[2 * data.length];
        System.arraycopy(data, 0, twice, 0, data.length);
        System.arraycopy(data, 0, twice, data.length, data.length);
        assertArrayEquals(twice, Files.readAllBytes(file));
        // A dedicated queue's thread is named after the queue (SPEC rule 3.10).
        assertEquals("bio_aof_fsync", first.computedOn().getName());
        assertSame(Thread.currentThread(), first.repliedOn());
    }

    @Test
    void fsyncAndReply_unwritablePath_rethrowsTheFailureOnMain(@TempDir Path dir) {
        Path file = dir.resolve("no-such-directory").resolve("appendonly.aof");

        assertThrows(IOException.class,
                () -> PostAndNotify.fsyncAndReply(thr, file, new byte[] {1}, Runtimes.TIMEOUT));
    }

    /** Runs {@code call} on a thread named "not-main" and returns what it threw, or null. */
    static Throwable thrownOnAnotherThread(Runnable call) throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                call.run();
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
        }, "not-main");
        other.start();
        Throwable failure = thrown.get(Runtimes.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        other.join(Runtimes.TIMEOUT.toMillis());
        return failure;
    }

    @Test
    void computeAndReply_offTheMainThread_throwsNamingBothThreadsBeforePostingAnything()
            throws Exception {
        Throwable failure = thrownOnAnotherThread(
                () -> PostAndNotify.computeAndReply(thr, 10, Runtimes.TIMEOUT));

        // Only the main thread may run the main loop (SPEC rule 4.2).
        assertEquals(IllegalStateException.class, failure == null ? null : failure.getClass());
        assertTrue(failure.getMessage().contains("'" + Thread.currentThread().getName() + "'"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("'not-main'"), failure.getMessage());
        assertEquals(0, thr.stats().posted());
    }

    @Test
    void computeAndReply_negativeLimit_throwsNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostAndNotify.computeAndReply(thr, -1, Runtimes.TIMEOUT));

        assertEquals("limit must be >= 0 but was -1", e.getMessage());
    }
}
