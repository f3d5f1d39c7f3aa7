package org.thrjob.bio;

import java.io.Closeable;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.List;
import org.thrjob.api.Job;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.bio.internal.DefaultBio;

/**
 * Redis's background I/O service ({@code bio.c}) on a thr runtime: slow calls leave the caller's
 * thread and run, in order, on one worker per {@linkplain BioKind kind}.
 *
 * <pre>{@code
 * try (Thr thr = Thr.create(); Bio bio = Bio.create(thr)) {
 *     bio.fsync(aof);                        // bioCreateFsyncJob: force(false) on bio_aof_fsync
 *     bio.close(oldAof);                     // bioCreateCloseJob: close() on bio_close_file
 *     bio.lazyFree(args -> ((Map<?, ?>) args[0]).clear(), hugeMap);   // bioCreateLazyFreeJob
 *     bio.whenDone(BioKind.AOF_FSYNC, () -> reply(client));           // runs on the main queue
 * }
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Redis bio.c and thrjob bio</caption>
 *   <thead><tr><th>Redis</th><th>thrjob</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code bioCreateCloseJob}</td><td>{@link #close(Closeable)}</td></tr>
 *     <tr><td>{@code bioCreateFsyncJob}</td><td>{@link #fsync(FileChannel)}</td></tr>
 *     <tr><td>{@code bioCreateLazyFreeJob}</td><td>{@link #lazyFree(LazyFreeFunction, Object...)}</td></tr>
 *     <tr><td>{@code bioCreateCompRq}</td><td>{@link #whenDone(BioKind, Job)}</td></tr>
 *     <tr><td>{@code bioPendingJobsOfType}</td><td>{@link #pending(BioKind)}</td></tr>
 *     <tr><td>{@code bioWaitStepOfType}</td><td>{@link #waitStep(BioKind)}</td></tr>
 *     <tr><td>{@code bioDrainWorker}</td><td>{@link #drain(BioKind)}</td></tr>
 *     <tr><td>{@code job->time}</td><td>{@link #oldestPendingAge(BioKind)}</td></tr>
 *     <tr><td>{@code bioKillThreads}</td><td>{@link #close()}, {@link #closeNow()}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Workers.</b> Each kind has a dedicated thr queue ({@link Thr#newDedicatedQueue(String)})
 * named after the kind, so its thread is named {@code bio_close_file}, {@code bio_aof_fsync},
 * {@code bio_lazy_free} or the name of a registered kind. Jobs of one kind run one at a time, in
 * the order their submissions were linearized (jobs submitted by one thread run in that thread's
 * order); kinds run concurrently with each other. Everything a thread did before a submission
 * happens-before the job runs; the end of a job happens-before the start of the next job of its
 * kind, and happens-before {@link #waitStep}, {@link #drain} or {@link #pending} observe it.
 * One more dedicated queue, {@code bio_clock}, refreshes the cached clock that submissions are
 * stamped from (see {@link BioJob#age()}); its thread ticks only while jobs are being submitted.
 *
 * <p><b>Failures.</b> A job that throws never stops its worker: the next job runs. The failure is
 * reported to the runtime's {@link org.thrjob.api.FailureHandler}, as a failed job of the kind's
 * queue (whose name is the kind's), and counted in {@link BioStats#failed()}. An fsync failure is
 * recorded in {@link #fsyncStatus()} and logged once when it follows a success, instead.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread. {@link #waitStep},
 * {@link #drain}, {@link #close()} and {@link #closeNow()} block; called from a bio worker that
 * they would wait for, they throw {@link IllegalStateException} instead of deadlocking.
 *
 * <p><b>Null, unknown kinds and close.</b> Errors are thrown at the call, never later on a
 * worker: a null argument throws {@link NullPointerException} naming the parameter; a kind that
 * is neither built in nor {@linkplain #register(String) registered} with this {@code Bio} throws
 * {@link IllegalArgumentException} naming it; a submission after {@link #close()} or
 * {@link #closeNow()} started throws {@link RejectedJobException} naming the kind. The queries
 * ({@link #pending}, {@link #stats}, {@link #fsyncStatus()}) keep working after close.
 *
 * <p>Close the {@code Bio} before its {@code Thr}: once the runtime is closed, its queues refuse
 * bio's work.
 */
public interface Bio extends AutoCloseable {

    /**
     * Starts the bio service on {@code thr}: a dedicated queue, and so a thread, for each of the
     * three built-in kinds.
     *
     * @param thr the runtime whose dedicated queues run the jobs and whose main queue runs the
     *            {@code whenDone} jobs; not null, not closed
     * @return the service; close it before {@code thr}
     * @throws NullPointerException if {@code thr} is null
     * @throws RejectedJobException if {@code thr} is closed
     */
    static Bio create(Thr thr) {
        return DefaultBio.start(thr);
    }

    /**
     * The runtime this service runs on.
     *
     * @return the runtime given to {@link #create(Thr)}
     */
    Thr thr();

    /**
     * Registers a kind of the application's own, with a dedicated queue and thread named
     * {@code name}. Its jobs are submitted with {@link #submit(BioKind, Job)}.
     *
     * @param name the kind's name, which names its thread too; see {@link BioKind#named(String)}
     * @return the new kind
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if the name is not a valid kind name, or if a kind of that
     *                                  name (a built-in one included) is already registered with
     *                                  this {@code Bio}; the message names it
     * @throws RejectedJobException     if this {@code Bio} or its runtime is closed
     */
    BioKind register(String name);

    /**
     * The kinds this service knows: the three built-in ones, then the registered ones in the order
     * of registration.
     *
     * @return an immutable snapshot
     */
    List<BioKind> kinds();

    /**
     * Closes {@code closeable} on the {@code bio_close_file} thread ({@code bioCreateCloseJob}):
     * the close of a large file, whose unlink frees its blocks, no longer blocks the caller.
     *
     * @param closeable what to close; not null; it must not be used after this call
     * @throws NullPointerException if {@code closeable} is null
     * @throws RejectedJobException if this {@code Bio} is closed
     */
    void close(Closeable closeable);

    /**
     * Forces {@code channel}'s content to the device on the {@code bio_aof_fsync} thread
     * ({@code bioCreateFsyncJob}): {@code channel.force(false)}, which is {@code fdatasync} on
     * Linux, as Redis's {@code redis_fsync}. The outcome goes to {@link #fsyncStatus()}; a channel
     * closed meanwhile counts as a success.
     *
     * @param channel the channel; not null
     * @throws NullPointerException if {@code channel} is null
     * @throws RejectedJobException if this {@code Bio} is closed
     */
    void fsync(FileChannel channel);

    /**
     * Like {@link #fsync(FileChannel)}, choosing whether metadata is forced too
     * ({@code force(true)} is {@code fsync}, {@code force(false)} {@code fdatasync}).
     *
     * @param channel  the channel; not null
     * @param metaData whether the file's metadata must be forced as well
     * @throws NullPointerException if {@code channel} is null
     * @throws RejectedJobException if this {@code Bio} is closed
     */
    void fsync(FileChannel channel, boolean metaData);

    /**
     * Calls {@code fn} with {@code args} on the {@code bio_lazy_free} thread
     * ({@code bioCreateLazyFreeJob(fn, n, ...)}): Redis's {@code UNLINK} and
     * {@code FLUSHALL ASYNC} free huge values this way.
     *
     * @param fn   the function that frees the arguments; not null
     * @param args its arguments, copied into the job; the array must not be null, its elements may
     * @throws NullPointerException if {@code fn} or {@code args} is null
     * @throws RejectedJobException if this {@code Bio} is closed
     */
    void lazyFree(LazyFreeFunction fn, Object... args);

    /**
     * Submits a job of {@code kind}: it runs on that kind's thread after every job of the kind
     * submitted before it. Any known kind is accepted, the built-in ones included (Redis's AOF
     * rewrite, for instance, closes a file after an fsync on one worker).
     *
     * @param kind the kind; not null; built in or registered with this {@code Bio}
     * @param job  the job; not null
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     * @throws RejectedJobException     if this {@code Bio} is closed
     */
    void submit(BioKind kind, Job job);

    /**
     * Posts {@code job} to the runtime's main queue once every job of {@code kind} submitted before
     * this call has finished (Redis's completion requests, {@code bioCreateCompRq}). The request
     * travels through the kind's FIFO, so it counts as a pending job of the kind until it has been
     * posted to the main queue; it holds no thread while it waits. The job then runs on the main
     * thread when that thread drains the main queue; if it throws, the runtime's failure handler
     * reports it.
     *
     * @param kind the kind to wait for; not null; built in or registered with this {@code Bio}
     * @param job  the job to run on the main queue; not null
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     * @throws RejectedJobException     if this {@code Bio} is closed
     */
    void whenDone(BioKind kind, Job job);

    /**
     * How many jobs of {@code kind} were submitted and have not finished, the running one included
     * ({@code bioPendingJobsOfType}). A snapshot. Also after close.
     *
     * @param kind the kind; not null; known to this {@code Bio}
     * @return the pending count, zero or more
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     */
    long pending(BioKind kind);

    /**
     * Blocks until at least one job of {@code kind} finished after this call began, or none is
     * pending, and returns the pending count then ({@code bioWaitStepOfType}). Returns at once when
     * nothing is pending.
     *
     * @param kind the kind; not null; known to this {@code Bio}
     * @return how many jobs of the kind are still pending
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     * @throws IllegalStateException    if called from the kind's own worker, which would wait for
     *                                  itself
     * @throws java.util.concurrent.CancellationException if the caller is interrupted while it
     *                                  waits; its interrupt flag is set again
     */
    long waitStep(BioKind kind);

    /**
     * Blocks until no job of {@code kind} is pending ({@code bioDrainWorker}). Jobs submitted
     * meanwhile are waited for too.
     *
     * @param kind the kind; not null; known to this {@code Bio}
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     * @throws IllegalStateException    if called from the kind's own worker
     * @throws java.util.concurrent.CancellationException if the caller is interrupted while it
     *                                  waits; its interrupt flag is set again
     */
    void drain(BioKind kind);

    /**
     * Like {@link #drain(BioKind)}, giving up after {@code timeout}.
     *
     * @param kind    the kind; not null; known to this {@code Bio}
     * @param timeout how long to wait at most; not null, not negative
     * @return true if no job of the kind was pending any more, false if the time ran out first
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code kind} is unknown or {@code timeout} negative
     * @throws IllegalStateException    if called from the kind's own worker
     * @throws java.util.concurrent.CancellationException if the caller is interrupted while it
     *                                  waits; its interrupt flag is set again
     */
    boolean drain(BioKind kind, Duration timeout);

    /**
     * How long ago the oldest pending job of {@code kind} (the running one, if any) was submitted:
     * Redis's {@code job->time}, for monitoring. A snapshot, with the precision of
     * {@link BioJob#age()}: never less than the true age, at most about 1 ms more.
     *
     * @param kind the kind; not null; known to this {@code Bio}
     * @return the age, or {@link Duration#ZERO} when nothing is pending
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     */
    Duration oldestPendingAge(BioKind kind);

    /**
     * The outcome of the fsyncs run so far, readable from any thread, also after close.
     *
     * @return the latest status, never null
     */
    FsyncStatus fsyncStatus();

    /**
     * The counters of {@code kind}.
     *
     * @param kind the kind; not null; known to this {@code Bio}
     * @return a snapshot
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException if {@code kind} is unknown to this {@code Bio}
     */
    BioStats stats(BioKind kind);

    /**
     * The counters of every kind, in the order of {@link #kinds()}.
     *
     * @return an immutable list of snapshots
     */
    List<BioStats> stats();

    /**
     * Tells whether {@link #close()} or {@link #closeNow()} was called. Once it says true, every
     * submission and registration is refused, from any thread.
     *
     * @return true once closing has started
     */
    boolean isClosed();

    /**
     * Refuses new jobs, runs every job already submitted, then closes the kinds' queues (and
     * {@code bio_clock}'s) and joins their threads. Closing twice, or after {@link #closeNow()},
     * is harmless. The runtime is left open: it belongs to the caller.
     *
     * @throws IllegalStateException if called from a bio worker, which would wait for itself
     */
    @Override
    void close();

    /**
     * Refuses new jobs, lets each kind's running job finish, and takes back every job that had not
     * started, then closes the kinds' queues (and {@code bio_clock}'s) and joins their threads.
     * Nothing taken back runs.
     *
     * @return the jobs that did not run, kind by kind in the order of {@link #kinds()}, each kind's
     *         in submission order; empty if this {@code Bio} was already closed
     * @throws IllegalStateException if called from a bio worker, which would wait for itself
     */
    List<BioJob> closeNow();
}
