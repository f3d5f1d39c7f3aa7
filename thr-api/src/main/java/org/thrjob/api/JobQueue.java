package org.thrjob.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Where jobs are posted: lib-common's {@code thr_queue_t}. Every queue of a runtime, the
 * {@linkplain MainQueue main queue} included, is a {@code JobQueue}.
 *
 * <p>How many of a queue's jobs run at once is its width: one for a serial queue (FIFO, one job at
 * a time, SPEC rules 3.1 and 3.2), {@code width} for a limited-width queue, and one thread, the main
 * thread, for the main queue. Posting is thread-safe from any thread, including from the queue's
 * own jobs; there is no guarantee that a job runs on the thread that posted it, nor at once.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread at any time. Everything a
 * thread did before {@code post} happens-before the job runs; for a serial queue, the end of a job
 * happens-before the start of the next one (SPEC rule 3.3).
 *
 * <p><b>Null, range and close:</b> null arguments throw {@link NullPointerException} naming the
 * parameter; a negative delay throws {@link IllegalArgumentException}; posting after the queue or
 * its runtime was closed throws {@link RejectedJobException} naming the queue.
 */
public interface JobQueue {

    /**
     * The name given at creation; appears in thread names, stats and error messages.
     *
     * @return the queue's name, never null
     */
    String name();

    /**
     * Posts a job ({@code thr_queue}). Returns at once.
     *
     * @param job the job; not null
     * @throws NullPointerException if {@code job} is null
     * @throws RejectedJobException if the queue or its runtime is closed
     */
    void post(Job job);

    /**
     * Posts a job attached to a syn ({@code thr_syn_queue}): {@code syn} counts it as pending from
     * this call until the job has finished, and records its failure.
     *
     * @param syn the syn to attach the job to; not null
     * @param job the job; not null
     * @throws NullPointerException if an argument is null
     * @throws RejectedJobException if the queue or its runtime is closed; the syn is then left as
     *                              it was
     */
    void post(Syn syn, Job job);

    /**
     * Posts a job once {@code delay} has elapsed (timers). The job is posted, in this queue's
     * order, no earlier than {@code delay} after this call (SPEC rule 6.6).
     *
     * @param delay how long to wait; zero posts at once; not null, not negative
     * @param job   the job; not null
     * @return a handle that can cancel the job until it is posted
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws RejectedJobException     if the queue or its runtime is closed
     */
    ScheduledJob postAfter(Duration delay, Job job);

    /**
     * Posts a job and waits until it has run ({@code thr_queue_sync}).
     *
     * <p>Called from one of this queue's own jobs, the job runs inline, at once, as in thr-job
     * (SPEC rule 3.5). A cycle of syncs across queues (a job of A syncs on B while a job of B
     * syncs on A) throws {@link IllegalStateException} naming the queues instead of hanging (SPEC
     * rule 3.6). A worker that waits helps with other work meanwhile.
     *
     * @param job the job; not null
     * @throws NullPointerException  if {@code job} is null
     * @throws JobFailedException    if the job threw; its failure is the cause
     * @throws IllegalStateException on a sync cycle, naming the queues in the cycle
     * @throws RejectedJobException  if the queue or its runtime is closed
     */
    void sync(Job job);

    /**
     * Runs a job on this queue, waits for it, and returns its result. Same rules as
     * {@link #sync(Job)}.
     *
     * @param <T> the result type
     * @param job the job; not null
     * @return what the job returned (may be null)
     * @throws NullPointerException  if {@code job} is null
     * @throws JobFailedException    if the job threw; its failure is the cause
     * @throws IllegalStateException on a sync cycle, naming the queues in the cycle
     * @throws RejectedJobException  if the queue or its runtime is closed
     */
    <T> T sync(Callable<T> job);

    /**
     * Tells whether the calling thread is running one of this queue's jobs
     * ({@code thr_is_on_queue}); for the main queue, whether the caller is the main thread.
     *
     * @return true on this queue
     */
    boolean isCurrent();

    /**
     * How many jobs posted to this queue have not finished yet, counting the running ones.
     * A snapshot: it may be stale as soon as it returns.
     *
     * @return the pending count, zero or more
     */
    long pending();

    /**
     * An {@link Executor} view: {@code execute(r)} posts {@code r} to this queue.
     *
     * <p>A runnable that throws is reported like any failed job. {@code execute} after close
     * throws {@link RejectedJobException}, which is a
     * {@link java.util.concurrent.RejectedExecutionException}.
     *
     * @return an executor posting to this queue, never null
     */
    default Executor executor() {
        return command -> {
            Objects.requireNonNull(command, "command must not be null");
            post(command::run);
        };
    }

    /**
     * Posts {@code job} and returns a future of its result: the post and notify pattern as a
     * {@link CompletableFuture}.
     *
     * <p>The future completes on this queue when the job ends, exceptionally with what it threw
     * (which then goes to the future instead of the failure handler). Its async methods without an
     * executor run on this queue, never on {@link java.util.concurrent.ForkJoinPool#commonPool()}.
     *
     * @param <T> the result type
     * @param job the job; not null
     * @return the future result
     * @throws NullPointerException if {@code job} is null
     * @throws RejectedJobException if the queue or its runtime is closed
     */
    default <T> CompletableFuture<T> submit(Callable<T> job) {
        Objects.requireNonNull(job, "job must not be null");
        QueueFuture<T> future = new QueueFuture<>(executor());
        post(() -> future.completeFrom(job));
        return future;
    }

    /**
     * Posts {@code job} and returns a future completed when it has run; see {@link #submit}.
     *
     * @param job the job; not null
     * @return a future completed with null, or exceptionally with what the job threw
     * @throws NullPointerException if {@code job} is null
     * @throws RejectedJobException if the queue or its runtime is closed
     */
    default CompletableFuture<Void> run(Job job) {
        Objects.requireNonNull(job, "job must not be null");
        return submit(() -> {
            job.run();
            return null;
        });
    }
}
