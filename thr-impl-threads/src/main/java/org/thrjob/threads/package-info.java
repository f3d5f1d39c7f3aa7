/**
 * The {@code threads} provider of thrjob: the whole API on worker threads of its own.
 *
 * <p>This package holds only {@link org.thrjob.threads.ThreadsThrProvider}, the entry point that
 * {@link java.util.ServiceLoader} instantiates; it is not exported, like the rest of the module.
 * Applications never name it: they call {@link org.thrjob.api.Thr#create()} and, to pick this
 * provider among others, set {@code -Dthr.provider=threads}.
 *
 * <h2>Why our own workers</h2>
 * lib-common's thr-job runs jobs on per-CPU threads that each own a bounded deque of 256 jobs and
 * steal from one another. This provider is that design written directly: bounded Chase–Lev deques
 * whose slots hold the user's job itself (no task object per job), a lock-free injection queue for
 * posts from outside the pool, and an idle protocol that spins briefly, then parks, and wakes one
 * worker per burst of work. See {@code org.thrjob.threads.internal} for the algorithms and the
 * module's README for how it compares with {@code ForkJoinPool}.
 *
 * <p>One pool per runtime, never the common pool: closing a runtime stops its threads and nothing
 * else, and two runtimes never steal each other's work (SPEC rule 1.6).
 */
package org.thrjob.threads;
