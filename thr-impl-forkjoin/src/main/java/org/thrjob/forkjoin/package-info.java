/**
 * The {@code forkjoin} provider of thrjob: the whole API on a {@link java.util.concurrent.ForkJoinPool}.
 *
 * <p>This package holds only {@link org.thrjob.forkjoin.ForkJoinThrProvider}, the entry point that
 * {@link java.util.ServiceLoader} instantiates; it is not exported, like the rest of the module.
 * Applications never name it: they call {@link org.thrjob.api.Thr#create()} and, to pick this
 * provider among others, set {@code -Dthr.provider=forkjoin}.
 *
 * <h2>Why a ForkJoinPool</h2>
 * lib-common's thr-job runs jobs on per-CPU threads that each own a bounded deque and steal from
 * one another; {@code ForkJoinPool} is that machine, tuned for over a decade: per-worker deques,
 * randomized stealing, and managed blocking that starts a spare worker when one blocks. What it
 * lacks, this provider adds around it rather than inside it: the 256-job bound on local pushes,
 * serial queues that hold no thread, a main queue, syns whose waiters help, and a close that
 * drains everything. The {@code threads} provider does the same with hand-written workers; the
 * TCK holds both to one contract ({@code docs/SPEC.md}).
 *
 * <p>One pool per runtime, never the common pool: closing a runtime stops its threads and nothing
 * else, and two runtimes never steal each other's work (SPEC rule 1.6).
 */
package org.thrjob.forkjoin;
