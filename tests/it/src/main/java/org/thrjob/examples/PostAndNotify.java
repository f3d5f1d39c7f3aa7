package org.thrjob.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Post &amp; Notify" pattern: do some work in the background, on a queue, then notify
 * the main thread by posting the reply to the main queue ({@code thr_queue_b(thr_queue_main_g,
 * ...)}; GCD's {@code dispatch_async(dispatch_get_main_queue(), ...)}). The main thread, which owns
 * the outside world (an event loop, a channel), runs the reply when it drains the main queue.
 *
 * <pre>{@code
 * compute.post(() -> {
 *     long result = work();                                   // on a worker
 *     thr.mainQueue().post(() -> reply(result));              // on the main thread, later
 * });
 * thr.mainQueue().runUntil(() -> replied);                    // the main loop
 * }</pre>
 *
 * <p>The guide's two examples are here: a background computation and a background fsync. A third
 * method does the same with {@link java.util.concurrent.CompletableFuture}, whose continuation runs
 * on the main queue through its executor.
 *
 * <p><b>Thread-safety:</b> stateless, but every method must be called on the runtime's main thread
 * (the thread that created it, unless {@link MainQueue#bindToCurrentThread()} moved it), because
 * it runs the main loop; elsewhere it throws {@link IllegalStateException}. Null arguments throw
 * {@link NullPointerException}; a closed runtime throws {@link org.thrjob.api.RejectedJobException}.
 */
public final class PostAndNotify {

    private PostAndNotify() {
    }

    /**
     * A reply delivered on the main thread.
     *
     * @param value      the result of the background work
     * @param computedOn the thread that did the work
     * @param repliedOn  the thread that ran the reply: the main thread
     */
    public record Reply(long value, Thread computedOn, Thread repliedOn) {
    }

    /**
     * Sums the primes below {@code limit} on a serial queue and replies on the main queue; the
     * caller, the main thread, runs the main loop until the reply has run.
     *
     * @param thr     the runtime; not null
     * @param limit   the bound; zero or more
     * @param timeout how long the main loop waits for the reply at most; not null
     * @return the reply
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IllegalStateException    if the caller is not the main thread, or no reply came in time
     */
    public static Reply computeAndReply(Thr thr, int limit, Duration timeout) {
        Checks.notNull(thr, "thr");
        Checks.atLeast(limit, 0, "limit");
        Checks.notNull(timeout, "timeout");
        MainQueue main = requireMainThread(thr);
        // Written and read on the main thread only: no volatile needed.
        Reply[] reply = new Reply[1];
        try (ThrQueue compute = thr.newQueue("compute")) {
            compute.post(() -> {
                long sum = sumOfPrimesBelow(limit);
                Thread worker = Thread.currentThread();
                main.post(() -> reply[0] = new Reply(sum, worker, Thread.currentThread()));
            });
            awaitReply(main, () -> reply[0] != null, timeout);
        }
        return reply[0];
    }

    /**
     * The same with a future: {@link ThrQueue#submit} runs the work on the queue, and
     * {@code thenApplyAsync} with the main queue's executor runs the reply on the main thread.
     *
     * @param thr     the runtime; not null
     * @param limit   the bound; zero or more
     * @param timeout how long the main loop waits for the reply at most; not null
     * @return the reply
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code limit} is negative
     * @throws IllegalStateException    if the caller is not the main thread, or no reply came in time
     */
    public static Reply submitAndReply(Thr thr, int limit, Duration timeout) {
        Checks.notNull(thr, "thr");
        Checks.atLeast(limit, 0, "limit");
        Checks.notNull(timeout, "timeout");
        MainQueue main = requireMainThread(thr);
        Reply[] reply = new Reply[1];
        try (ThrQueue compute = thr.newQueue("compute")) {
            compute.submit(() -> new Reply(sumOfPrimesBelow(limit), Thread.currentThread(), null))
                    .thenAcceptAsync(r -> reply[0] = new Reply(r.value(), r.computedOn(),
                            Thread.currentThread()), main.executor());
            awaitReply(main, () -> reply[0] != null, timeout);
        }
        return reply[0];
    }

    /**
     * The guide's background fsync: a dedicated queue (a thread of its own, as Redis's
     * {@code bio_aof_fsync}) writes {@code data} to {@code file} and forces it to disk, then the
     * reply, the file's size on disk, runs on the main thread.
     *
     * @param thr     the runtime; not null
     * @param file    the file to create or append to; not null
     * @param data    what to write; not null
     * @param timeout how long the main loop waits for the reply at most; not null
     * @return the reply: {@code value} is the file's size after the fsync
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the caller is not the main thread, or no reply came in time
     * @throws IOException           if the write or the fsync failed; the reply then never ran
     */
    public static Reply fsyncAndReply(Thr thr, Path file, byte[] data, Duration timeout)
            throws IOException {
        Checks.notNull(thr, "thr");
        Checks.notNull(file, "file");
        Checks.notNull(data, "data");
        Checks.notNull(timeout, "timeout");
        MainQueue main = requireMainThread(thr);
        Reply[] reply = new Reply[1];
        IOException[] failure = new IOException[1];
        try (ThrQueue fsync = thr.newDedicatedQueue("bio_aof_fsync")) {
            fsync.post(() -> {
                Thread worker = Thread.currentThread();
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(data);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                    long size = channel.size();
                    main.post(() -> reply[0] = new Reply(size, worker, Thread.currentThread()));
                } catch (IOException e) {
                    // The failure is a reply too: the main thread decides what to tell the client.
                    main.post(() -> failure[0] = e);
                }
            });
            awaitReply(main, () -> reply[0] != null || failure[0] != null, timeout);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return reply[0];
    }

    /**
     * The sum of the primes below {@code limit}, by trial division: the "long computation".
     *
     * @param limit the bound; zero or more
     * @return the sum of every prime {@code p < limit}
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static long sumOfPrimesBelow(int limit) {
        Checks.atLeast(limit, 0, "limit");
        long sum = 0;
        for (int candidate = 2; candidate < limit; candidate++) {
            boolean prime = true;
            for (int divisor = 2; (long) divisor * divisor <= candidate; divisor++) {
                if (candidate % divisor == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                sum += candidate;
            }
        }
        return sum;
    }

    /**
     * Checked before anything is posted: only the main thread may run the main loop that runs the
     * reply (SPEC rule 4.2), so elsewhere nothing must be started.
     */
    static MainQueue requireMainThread(Thr thr) {
        MainQueue main = thr.mainQueue();
        if (!main.isCurrent()) {
            throw new IllegalStateException("the reply runs on the main thread '"
                    + main.thread().getName() + "', so call this there, not on '"
                    + Thread.currentThread().getName() + "'");
        }
        return main;
    }

    /** The main loop: run main-queue jobs as they arrive until the reply is in. */
    private static void awaitReply(MainQueue main, BooleanSupplier replied,
            Duration timeout) {
        if (!main.runUntil(replied, timeout)) {
            throw new IllegalStateException("no reply on the main queue within " + timeout
                    + "; check that the background queue is not stuck");
        }
    }
}
