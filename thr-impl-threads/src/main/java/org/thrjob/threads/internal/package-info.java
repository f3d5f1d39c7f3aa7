/**
 * The machinery of the {@code threads} provider. Not exported; nothing here is API.
 *
 * <h2>Jobs on the pool</h2>
 * {@link org.thrjob.threads.internal.Pool} runs {@code parallelism} core
 * {@link org.thrjob.threads.internal.Worker}s, each owning a bounded Chase–Lev
 * {@link org.thrjob.threads.internal.WorkDeque}. An unordered job posted by a worker is pushed on
 * its own deque, the job object itself in the slot and its syn round in the entry beside it, so a
 * post allocates nothing; a worker whose deque already holds {@code dequeCapacity} jobs runs the
 * job at once instead (lib-common's 256-job rule). A job posted from outside the pool goes to the
 * {@link org.thrjob.threads.internal.InjectionQueue}, a bounded lock-free ring (Vyukov) with an
 * unbounded overflow lane. Idle workers spin briefly, then park; a post wakes one parked worker
 * only when no worker is searching (see {@code Pool} for the protocol and why no wake-up is lost).
 * A job never throws into the pool: {@code ThreadsThr.runJob} catches, reports to the failure
 * handler, tells the job's syn round, and counts in the worker's own counter cell.
 *
 * <h2>Queues as actors</h2>
 * A serial queue owns no thread. Posts push onto a lock-free multi-producer list
 * ({@link org.thrjob.threads.internal.JobList}); the post that finds the queue idle dispatches the
 * queue's single, reused drain task, which runs up to {@code serialBatch} jobs and then puts itself
 * on the injection queue, behind the work already waiting, if more jobs wait. See
 * {@link org.thrjob.threads.internal.SerialQueue} for the state machine; a queue of width
 * {@code w} runs up to {@code w} such drains ({@link org.thrjob.threads.internal.WidthQueue}); a
 * dedicated queue swaps the drain for a thread of its own
 * ({@link org.thrjob.threads.internal.DedicatedQueue}); the main queue's drain is the main thread
 * itself ({@link org.thrjob.threads.internal.MainQueueImpl}).
 *
 * <h2>Waiting without deadlocks</h2>
 * Syns count jobs per {@link org.thrjob.threads.internal.Round}, so that a round's failures and
 * continuations never mix with the next one's. Every wait (syn, sync, forEach, queue close) goes
 * through {@link org.thrjob.threads.internal.Waiting}: a worker helps by running pending jobs,
 * then blocks between {@code Pool.beginBlocking()} and {@code Pool.endBlocking()} so the pool
 * wakes or starts a spare; the main thread runs main jobs; other threads park. {@code sync} adds a
 * wait-for graph between serial queues ({@link org.thrjob.threads.internal.SyncCycleDetector})
 * that turns a cycle of syncs into an {@code IllegalStateException} instead of a hang.
 *
 * <h2>Closing</h2>
 * {@link org.thrjob.threads.internal.Counters} make "everything posted has run" one comparison of
 * monotonic counters, which {@code ThreadsThr.close()} waits for before it stops the pool and
 * joins every thread {@link org.thrjob.threads.internal.RuntimeThreads} remembered.
 */
package org.thrjob.threads.internal;
