/**
 * Redis's background I/O workers ({@code bio.c}) on thr queues.
 *
 * <p>Redis moves three slow system calls off its main thread: the {@code close(2)} of a file whose
 * last link is gone (the kernel frees its blocks), the {@code fsync} of the append-only file, and
 * the freeing of huge values ({@code UNLINK}, {@code FLUSHALL ASYNC}). Each kind has one thread
 * and a FIFO, so jobs of a kind run in order, and the main thread can ask how many are pending,
 * wait for one step, or drain a kind before it touches what the jobs touch.
 *
 * <p>{@link org.thrjob.bio.Bio} offers the same service on a {@link org.thrjob.api.Thr}: each
 * {@link org.thrjob.bio.BioKind} runs on a dedicated queue of the runtime, whose thread carries
 * the kind's name. Applications add kinds of their own with
 * {@link org.thrjob.bio.Bio#register(String)}. Instead of Redis's pipe to the event loop, a
 * {@link org.thrjob.bio.Bio#whenDone whenDone} job is posted to the runtime's main queue once the
 * kind's earlier jobs have finished. The outcome of fsyncs is kept in an
 * {@link org.thrjob.bio.FsyncStatus}, and {@link org.thrjob.bio.BioStats} count each kind's jobs
 * for monitoring.
 *
 * <p>Which kind to use is explained, with examples, in the module's {@code README.md}.
 */
package org.thrjob.bio;
