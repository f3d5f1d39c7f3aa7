package org.thrjob.api;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A synchronization point ({@code thr_syn_t}): it counts the jobs attached to it by
 * {@link Thr#schedule(Syn, Job)} and {@link JobQueue#post(Syn, Job)} and lets threads wait until
 * every one of them has finished.
 *
 * <p><b>Rounds and failures.</b> A syn is idle when none of its jobs is pending; it is reusable
 * without limit (SPEC rule 5.3). A job that throws is recorded, and {@link #await()} rethrows the
 * recorded failures once the syn is idle (SPEC rule 5.6). Failures are kept until an await has
 * reported them or a {@link #whenDone} continuation was posted for them, so the everyday loop {@code for (...) schedule(syn, job); syn.await();} never
 * loses one, even when a failed job ended before the next was attached. Every waiter returning
 * from the same idle point reports the same failures; the first job attached after they were
 * reported starts afresh.
 *
 * <p><b>Waiting helps.</b> A waiter on a worker runs pending jobs (its own first) instead of
 * sleeping, and the runtime starts a spare worker to keep {@code parallelism} workers busy when
 * there is nothing to run; a waiter on the main thread runs main-queue jobs. Waiting never
 * deadlocks on work the waiter could do itself, and never explodes into threads (SPEC rule 5.4).
 * For recursive jobs prefer {@link #whenDone}: it holds no thread while it waits.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread; several threads may wait at
 * once (SPEC rule 5.5). The end of every job of a round happens-before {@code await} returns.
 *
 * <p><b>Close:</b> a syn outlives nothing: attaching a job through a closed runtime or queue throws
 * {@link RejectedJobException} and leaves the syn as it was; waiting on an idle syn returns at once.
 */
public interface Syn {

    /**
     * Waits until every job attached to this syn has finished ({@code thr_syn_wait}).
     * Returns at once if none is pending.
     *
     * @throws JobFailedException if jobs threw: the first failure is the cause, the others are
     *                            suppressed
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted; the
     *                            interrupt flag is set again
     */
    void await();

    /**
     * Like {@link #await()}, giving up after {@code timeout}.
     *
     * @param timeout how long to wait at most; not null, not negative
     * @return true if every job finished, false if the time ran out first
     * @throws NullPointerException     if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws JobFailedException       as {@link #await()}
     */
    boolean await(Duration timeout);

    /**
     * Waits, helping, until {@code condition} is true ({@code thr_syn_wait_until}). The condition
     * is checked at once and again each time one of this syn's jobs finishes.
     *
     * @param condition the condition; not null; it must be thread-safe
     * @return true if the condition became true; false if it was still false when no job of this
     *         syn was pending any more (nothing left could make it true)
     * @throws NullPointerException if {@code condition} is null
     */
    boolean awaitUntil(BooleanSupplier condition);

    /**
     * Posts {@code job} to {@code queue} once the syn is next idle ({@code thr_syn_notify}):
     * at once if nothing is pending. It runs exactly once and holds no thread while it waits
     * (SPEC rule 5.7). It can read the round's failures with {@link #failures()}.
     *
     * @param queue where to post the continuation; not null
     * @param job   the continuation; not null
     * @throws NullPointerException if an argument is null
     */
    void whenDone(JobQueue queue, Job job);

    /**
     * Declares per-worker data for this syn (lib-common's syn thread data): every thread that
     * runs a job of this syn gets its own value from {@link SynLocal#get()}, created by
     * {@code initial} on first use, and {@link SynLocal#collect()} returns them all once the syn
     * is done. Map-reduce without locks (SPEC rule 5.8).
     *
     * @param <T>     the accumulator type
     * @param initial creates a thread's value; not null; must not return null
     * @return the per-worker data
     * @throws NullPointerException if {@code initial} is null
     */
    <T> SynLocal<T> local(Supplier<? extends T> initial);

    /**
     * How many attached jobs have not finished yet. A snapshot.
     *
     * @return the pending count, zero or more
     */
    long pending();

    /**
     * The failures recorded and not yet forgotten, in the order they were recorded: those the next
     * {@link #await()} will report, or, until a job is attached again, those the last one reported.
     * A {@link #whenDone} continuation reads here what its round's jobs threw.
     *
     * @return an immutable snapshot, empty if no job failed
     */
    List<Throwable> failures();
}
