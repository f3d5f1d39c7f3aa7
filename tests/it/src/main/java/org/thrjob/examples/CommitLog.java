package org.thrjob.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.thrjob.api.JobQueue;
import org.thrjob.api.Mailbox;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "MPSC" pattern (multiple producers, single consumer), the guide's database commit
 * management: producers do not post a job per record; they post the record itself into a
 * {@link Mailbox}, and only the record that finds the mailbox empty posts a job, which writes every
 * record waiting at that moment as one batch. Many threads' commits become few writes. (GCD has no
 * name for it; it is a {@code dispatch_source} of type {@code DATA_ADD} in spirit.)
 *
 * <pre>{@code
 * Mailbox<Commit> mailbox = Mailbox.create(writerQueue, 64, batch -> write(batch));
 * mailbox.offer(commit);        // any thread; posts the write job only if the mailbox was empty
 * }</pre>
 *
 * <p>The guide's caveat holds: the order in which producers learn that their record was written
 * is the write order, not the order in which they committed. Here each {@link #append} returns a
 * future of the record's position in the log, completed on the writer queue.
 *
 * <p><b>Thread-safety:</b> {@link #append} may be called from any thread at once. The log itself is
 * touched only by the writer, which the mailbox never runs concurrently with itself.
 * {@link #records()} and {@link #batchSizes()} read it on the writer queue. A null record throws
 * {@link NullPointerException}; appending once the writer queue is closed throws
 * {@link org.thrjob.api.RejectedJobException} from the append that has to post the write job, and
 * the futures of records not written never complete.
 */
public final class CommitLog {

    private final JobQueue writerQueue;
    private final Writer writer;
    private final Mailbox<Commit> mailbox;

    /**
     * Creates a log whose writes run on {@code writerQueue}.
     *
     * @param writerQueue where the batches are written; not null; a serial queue keeps the writes
     *                    in order with the queue's other jobs
     * @param maxBatch    the most records written at once; at least 1
     * @throws NullPointerException     if {@code writerQueue} is null
     * @throws IllegalArgumentException if {@code maxBatch} is less than 1
     */
    public CommitLog(JobQueue writerQueue, int maxBatch) {
        this.writerQueue = Checks.notNull(writerQueue, "writerQueue");
        Writer newWriter = new Writer();
        this.writer = newWriter;
        this.mailbox = Mailbox.create(writerQueue, maxBatch, newWriter::write);
    }

    /**
     * Appends a record; returns at once.
     *
     * @param record the record; not null
     * @return a future of the record's position in the log (0 for the first), completed on the
     *         writer queue once its batch is written
     * @throws NullPointerException                 if {@code record} is null
     * @throws org.thrjob.api.RejectedJobException if the writer queue is closed
     */
    public CompletableFuture<Long> append(String record) {
        Commit commit = new Commit(Checks.notNull(record, "record"), new CompletableFuture<>());
        mailbox.offer(commit);
        return commit.written;
    }

    /**
     * The records written so far, in log order. Waits for the writer queue.
     *
     * @return an immutable copy
     */
    public List<String> records() {
        return writerQueue.sync(() -> List.copyOf(writer.log));
    }

    /**
     * The size of every batch written so far, in order. Waits for the writer queue.
     *
     * @return an immutable copy
     */
    public List<Integer> batchSizes() {
        return writerQueue.sync(() -> List.copyOf(writer.batchSizes));
    }

    /**
     * What {@link #commitFromProducers} observed.
     *
     * @param records    every record in log order
     * @param batchSizes the size of every write
     */
    public record Summary(List<String> records, List<Integer> batchSizes) {
    }

    /**
     * Runs {@code producers} unordered jobs that each append {@code perProducer} records named
     * {@code "p<producer>-<n>"} to one log on a serial queue, and waits until every record is
     * written.
     *
     * @param thr         the runtime; not null
     * @param producers   how many producer jobs; at least 1
     * @param perProducer how many records each appends; zero or more
     * @param maxBatch    the most records per write; at least 1
     * @param timeout     how long to wait for the writes at most; not null
     * @return the log and its batches
     * @throws NullPointerException     if {@code thr} or {@code timeout} is null
     * @throws IllegalArgumentException if a count is out of range
     * @throws IllegalStateException    if the records were not all written within {@code timeout}
     */
    public static Summary commitFromProducers(Thr thr, int producers, int perProducer, int maxBatch,
            Duration timeout) {
        Checks.notNull(thr, "thr");
        Checks.atLeast(producers, 1, "producers");
        Checks.atLeast(perProducer, 0, "perProducer");
        Checks.notNull(timeout, "timeout");
        try (ThrQueue queue = thr.newQueue("commit-log")) {
            CommitLog log = new CommitLog(queue, maxBatch);
            // One list per producer, filled by that producer's job only.
            List<List<CompletableFuture<Long>>> acks = new ArrayList<>();
            Syn syn = thr.newSyn();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                acks.add(mine);
                thr.schedule(syn, () -> {
                    for (int n = 0; n < perProducer; n++) {
                        mine.add(log.append("p" + producer + "-" + n));
                    }
                });
            }
            // Every record is offered (and the lists are visible here) once the producers are done;
            // written, once every future is complete.
            syn.await();
            await(acks.stream().flatMap(List::stream).toList(), timeout);
            return new Summary(log.records(), log.batchSizes());
        }
    }

    private static void await(List<CompletableFuture<Long>> acks, Duration timeout) {
        try {
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("records not written within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the writes", e);
        }
    }

    /** A record and the promise to tell its producer where it was written. */
    private record Commit(String record, CompletableFuture<Long> written) {
    }

    /** The consumer: its state is touched by one drain job at a time (SPEC rule 8.3). */
    private static final class Writer {
        private final List<String> log = new ArrayList<>();
        private final List<Integer> batchSizes = new ArrayList<>();

        void write(List<Commit> batch) {
            // One "write" per batch: a real log would append the batch to its file and fsync once.
            batchSizes.add(batch.size());
            for (Commit commit : batch) {
                long position = log.size();
                log.add(commit.record());
                commit.written().complete(position);
            }
        }
    }
}
