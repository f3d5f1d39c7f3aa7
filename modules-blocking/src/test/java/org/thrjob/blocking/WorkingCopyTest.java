package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/**
 * "Working on copies of data inside a thread": a TRAIN command trains a copy of a model in a job
 * while PREDICT keeps reading the old one; the new version is swapped in on the main thread and
 * then TRAIN replies.
 */
class WorkingCopyTest {

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void update_readersSeeOldVersionUntilSwap(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            WorkingCopy<List<Integer>> model = new WorkingCopy<>(host.thr.mainQueue(), List.of(1));
            CountDownLatch training = new CountDownLatch(1);
            host.registry.register("train", 1, (ctx, args) -> {
                BlockedClient<List<Integer>> bc = ctx.blockClient(
                        (c, a) -> c.replyInteger(c.<List<Integer>>blockedPrivdata().size()), null, null, 0);
                model.update(host.thr, ArrayList::new, copy -> {
                    try {
                        Providers.await(training, "the test to finish training");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    copy.add(2);
                    return List.copyOf(copy);
                }).thenAccept(bc::unblock);
            });
            host.registry.register("predict", 1, (ctx, args) -> ctx.replyInteger(model.current().size()));
            FakeClient trainer = host.client();
            FakeClient reader = host.client();
            host.send(trainer, "TRAIN");
            host.send(reader, "PREDICT");
            assertEquals(List.of(":1"), reader.replies, "the old version while the job works");
            assertTrue(model.isUpdating());
            assertThrows(IllegalStateException.class,
                    () -> model.update(host.thr, ArrayList::new, c -> c), "one update at a time");
            training.countDown();
            host.awaitReplies(trainer, 1);
            assertEquals(List.of(":2"), trainer.replies);
            host.send(reader, "PREDICT");
            assertEquals(List.of(":1", ":2"), reader.replies);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void update_workThrows_oldVersionStaysAndFutureFails(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            WorkingCopy<String> value = new WorkingCopy<>(host.thr.mainQueue(), "old");
            CompletableFuture<String> f = value.update(host.thr, s -> s, s -> {
                throw new IllegalStateException("diverged");
            });
            host.pumpUntil(f::isDone, "the failed update completes");
            assertTrue(f.isCompletedExceptionally());
            assertEquals("old", value.current());
            assertTrue(!value.isUpdating());
        }
    }
}
