/**
 * The machinery of the {@code forkjoin} provider. Not exported; nothing here is API.
 *
 * <h2>Jobs on the pool</h2>
 * An unordered job becomes one {@link org.thrjob.forkjoin.internal.JobTask} (32 bytes) pushed on
 * the posting worker's deque, or submitted from outside. A worker whose deque already holds
 * {@code dequeCapacity} tasks runs the job at once instead (lib-common's 256-job rule). A job never
 * throws into the pool: {@code ForkJoinThr.runJob} catches, reports to the failure handler, tells
 * the job's syn round, and counts. A worker that runs an unordered job goes on, in the same task,
 * with the unordered jobs it polls out of the pool next, and ends each round's jobs once per
 * batch rather than once per job: the poster adds to the round's count for every job, and the
 * workers no longer take that line from it for every job too (see {@code JobTask.runBatch} for
 * the rules that keep a round's end on time).
 *
 * <h2>Queues as actors</h2>
 * A serial queue owns no thread. Posts push onto a lock-free multi-producer list
 * ({@link org.thrjob.forkjoin.internal.JobList}); the post that finds the queue idle dispatches the
 * queue's single, reused drain task, which runs up to {@code serialBatch} jobs and re-forks itself
 * if more wait. See {@link org.thrjob.forkjoin.internal.SerialQueue} for the state machine; a
 * queue of width {@code w} runs up to {@code w} such drains
 * ({@link org.thrjob.forkjoin.internal.WidthQueue}); a dedicated queue swaps the drain for a thread
 * of its own ({@link org.thrjob.forkjoin.internal.DedicatedQueue}); the main queue's drain is the
 * main thread itself ({@link org.thrjob.forkjoin.internal.MainQueueImpl}).
 *
 * <h2>Waiting without deadlocks</h2>
 * Syns count jobs per {@link org.thrjob.forkjoin.internal.Round}, so that a round's failures and
 * continuations never mix with the next one's. Every wait (syn, sync, forEach, queue close) goes
 * through {@link org.thrjob.forkjoin.internal.Waiting}: a worker helps by running pending tasks,
 * then blocks through {@code ForkJoinPool.managedBlock} so the pool compensates; the main thread
 * runs main jobs; other threads park. {@code sync} adds a wait-for graph between serial queues
 * ({@link org.thrjob.forkjoin.internal.SyncCycleDetector}) that turns a cycle of syncs into an
 * {@code IllegalStateException} instead of a hang.
 *
 * <h2>Closing</h2>
 * {@link org.thrjob.forkjoin.internal.Counters} make "everything posted has run" one comparison of
 * monotonic counters, which {@code ForkJoinThr.close()} waits for before it shuts the pool down
 * and joins every thread {@link org.thrjob.forkjoin.internal.RuntimeThreads} started.
 */
package org.thrjob.forkjoin.internal;
