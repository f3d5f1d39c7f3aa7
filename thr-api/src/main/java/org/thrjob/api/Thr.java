package org.thrjob.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * A thrjob runtime: workers that run jobs, the queues that order them, the main queue, syns and
 * timers. lib-common's thr-job library as one object.
 *
 * <pre>{@code
 * try (Thr thr = Thr.create()) {
 *     Syn syn = thr.newSyn();
 *     for (Map map : maps) {
 *         thr.schedule(syn, () -> apply(map));   // thr_syn_schedule_b
 *     }
 *     syn.await();                               // thr_syn_wait
 * }
 * }</pre>
 *
 * <p>{@link #create()} picks a provider through {@link java.util.ServiceLoader}: the one named by
 * {@code -Dthr.provider=NAME} (or {@code THR_PROVIDER}), else the one with the highest priority
 * (SPEC rules 1.1 to 1.4).
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread unless it says otherwise.
 *
 * <p><b>Null, range and close:</b> null arguments throw {@link NullPointerException} naming the
 * parameter; out-of-range numbers throw {@link IllegalArgumentException} with the rule and the
 * value; posting, scheduling or creating a queue after {@link #close()} throws
 * {@link RejectedJobException} naming the runtime.
 */
public interface Thr extends AutoCloseable {

    /**
     * Creates a runtime with {@link ThrConfig#defaults()} on the provider chosen by the lookup rules.
     *
     * @return a new runtime; close it when done
     * @throws ProviderLookupException if no provider can be chosen; the message says what to do
     */
    static Thr create() {
        return create(ThrConfig.defaults());
    }

    /**
     * Creates a runtime with {@code config} on the provider chosen by the lookup rules.
     *
     * @param config the configuration; not null
     * @return a new runtime; close it when done
     * @throws NullPointerException    if {@code config} is null
     * @throws ProviderLookupException if no provider can be chosen; the message says what to do
     */
    static Thr create(ThrConfig config) {
        return ProviderLookup.create(config);
    }

    /**
     * The runtime's name, from {@link ThrConfig#name()}: it prefixes thread names and error messages.
     *
     * @return the name, never null
     */
    String name();

    /**
     * The name of the provider that made this runtime, e.g. {@code "forkjoin"}.
     *
     * @return the provider name, never null
     */
    String providerName();

    /**
     * The number of workers that run jobs at once ({@code thr_parallelism_g}).
     *
     * @return the parallelism, at least 1
     */
    int parallelism();

    /**
     * The calling worker's index ({@code thr_id}): from 0 to {@code parallelism() - 1} on a core
     * worker, {@code parallelism()} or more on a spare worker started while another blocks, and -1
     * on any thread that is not one of this runtime's workers.
     *
     * @return the index, or -1 off the pool
     */
    int workerIndex();

    /**
     * Schedules an unordered job ({@code thr_schedule}): it may run concurrently with any other job,
     * on any worker. Posted from a worker, it goes to that worker's bounded deque; if the deque is
     * full it runs at once, inline, in the caller (SPEC rule 2.6).
     *
     * @param job the job; not null
     * @throws NullPointerException if {@code job} is null
     * @throws RejectedJobException if the runtime is closed
     */
    void schedule(Job job);

    /**
     * Schedules an unordered job attached to {@code syn} ({@code thr_syn_schedule}).
     *
     * @param syn the syn; not null
     * @param job the job; not null
     * @throws NullPointerException if an argument is null
     * @throws RejectedJobException if the runtime is closed; the syn is then left as it was
     */
    void schedule(Syn syn, Job job);

    /**
     * Posts an unordered job once {@code delay} has elapsed; see {@link JobQueue#postAfter}.
     *
     * @param delay how long to wait; not null, not negative
     * @param job   the job; not null
     * @return a handle to cancel it
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws RejectedJobException     if the runtime is closed
     */
    ScheduledJob postAfter(Duration delay, Job job);

    /**
     * Creates a serial queue ({@code thr_queue_create}): FIFO, one job at a time, no thread of its
     * own. Cheap: millions may exist at once.
     *
     * @param name the queue's name for stats and errors; not null, not blank
     * @return the queue; close it when done
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws RejectedJobException     if the runtime is closed
     */
    ThrQueue newQueue(String name);

    /**
     * Creates a limited-width queue: at most {@code width} of its jobs run at once, in the order
     * they were posted (the "limited parallelism" pattern). Width 1 is a serial queue.
     *
     * @param name  the queue's name; not null, not blank
     * @param width how many jobs may run at once; at least 1
     * @return the queue; close it when done
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or {@code width} is less than 1
     * @throws RejectedJobException     if the runtime is closed
     */
    ThrQueue newQueue(String name, int width);

    /**
     * Creates a serial queue with a thread of its own, named {@code name}, for jobs that block for
     * long (Redis's bio workers). The thread ends when the queue is closed.
     *
     * @param name the queue's and the thread's name; not null, not blank
     * @return the queue; close it when done
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws RejectedJobException     if the runtime is closed
     */
    ThrQueue newDedicatedQueue(String name);

    /**
     * The main queue ({@code thr_queue_main_g}).
     *
     * @return this runtime's main queue, never null, also after close
     */
    MainQueue mainQueue();

    /**
     * Creates a syn ({@code thr_syn_t}).
     *
     * @return a new idle syn
     */
    Syn newSyn();

    /**
     * Runs {@code body} once for each index from 0 to {@code count - 1}, in parallel, and returns
     * when all are done ({@code thr_for_each}). Double explosion is built in: coarse chunks of about
     * {@code count / (2 * parallelism())} indexes are split further as idle workers steal them.
     * The caller helps.
     *
     * @param count how many indexes; zero or more
     * @param body  what to run for each index; not null; called concurrently
     * @throws NullPointerException     if {@code body} is null
     * @throws IllegalArgumentException if {@code count} is negative
     * @throws JobFailedException       if calls of {@code body} threw, once all have ended
     * @throws RejectedJobException     if the runtime is closed
     */
    void forEach(int count, IntConsumer body);

    /**
     * Runs {@code call} on the calling thread after telling the runtime that it will block (an
     * fsync, a socket read): the runtime keeps {@code parallelism()} workers busy meanwhile by
     * waking or starting a spare worker ({@code thr_enter_blocking_syscall}). Off the pool it
     * simply runs {@code call}.
     *
     * @param <T>  the result type
     * @param call the blocking call; not null
     * @return what {@code call} returned
     * @throws NullPointerException if {@code call} is null
     * @throws Exception            whatever {@code call} threw, unchanged
     */
    <T> T blocking(Callable<T> call) throws Exception;

    /**
     * Runs a blocking job on the calling thread; see {@link #blocking(Callable)}.
     *
     * @param job the blocking job; not null
     * @throws NullPointerException if {@code job} is null
     * @throws Exception            whatever {@code job} threw, unchanged
     */
    void blocking(Job job) throws Exception;

    /**
     * Schedules an unordered job and returns a future of its result; see {@link JobQueue#submit}.
     *
     * @param <T> the result type
     * @param job the job; not null
     * @return the future result; its default executor is this runtime
     * @throws NullPointerException if {@code job} is null
     * @throws RejectedJobException if the runtime is closed
     */
    default <T> CompletableFuture<T> submit(Callable<T> job) {
        Objects.requireNonNull(job, "job must not be null");
        QueueFuture<T> future = new QueueFuture<>(executor());
        schedule(() -> future.completeFrom(job));
        return future;
    }

    /**
     * An {@link Executor} view: {@code execute(r)} schedules {@code r} as an unordered job.
     *
     * @return the executor, never null
     */
    default Executor executor() {
        return command -> {
            Objects.requireNonNull(command, "command must not be null");
            schedule(command::run);
        };
    }

    /**
     * A snapshot of the runtime's counters ({@code thr_acc_*}).
     *
     * @return the stats, never null, also after close
     */
    ThrStats stats();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closing has started
     */
    boolean isClosed();

    /**
     * Closes the runtime: refuses new jobs, runs every job already posted (serial and dedicated
     * queues included), cancels delayed jobs not yet due, then stops and joins every thread it
     * started (SPEC rules 7.1 to 7.6). Called on the main thread, it also drains the main queue.
     * Closing twice is harmless.
     *
     * @throws IllegalStateException if called from one of this runtime's workers, which would
     *                               wait for itself
     */
    @Override
    void close();
}
