/**
 * The seven usage patterns of lib-common's thr-job guide, one class each, as small methods that
 * take a {@link org.thrjob.api.Thr} and return something a test can check.
 *
 * <table class="striped">
 *   <caption>thr-job's usage patterns</caption>
 *   <thead><tr><th>thr-job pattern</th><th>class</th><th>what it shows</th></tr></thead>
 *   <tbody>
 *     <tr><td>Divide &amp; Conquer (vector)</td><td>{@link org.thrjob.examples.DivideAndConquer}</td>
 *         <td>one unordered job per element, one syn, one wait</td></tr>
 *     <tr><td>Divide &amp; Conquer (tree)</td><td>{@link org.thrjob.examples.TreeWalk}</td>
 *         <td>recursive jobs sharing one syn; a parent continuation run by the last child</td></tr>
 *     <tr><td>Double explosion</td><td>{@link org.thrjob.examples.DoubleExplosion}</td>
 *         <td>about {@code 2 * parallelism} coarse jobs that post the fine ones</td></tr>
 *     <tr><td>Post &amp; Notify</td><td>{@link org.thrjob.examples.PostAndNotify}</td>
 *         <td>background work on a queue, the reply posted to the main queue</td></tr>
 *     <tr><td>Map-Reduce</td><td>{@link org.thrjob.examples.MapReduce}</td>
 *         <td>unordered map jobs, reduce on a serial queue, final notify on the main queue</td></tr>
 *     <tr><td>MPSC</td><td>{@link org.thrjob.examples.CommitLog}</td>
 *         <td>many producers' records grouped into batches by a {@link org.thrjob.api.Mailbox}</td></tr>
 *     <tr><td>Limited parallelism</td><td>{@link org.thrjob.examples.LimitedParallelism}</td>
 *         <td>a queue of width {@code w}, or {@code w} serial queues</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>None of them takes a lock. Each job either touches memory no other job touches (its own slot
 * of an array, its own per-worker accumulator), or runs on a serial queue that owns the memory,
 * or hands its result to the main queue. The happens-before edges that make this safe are the
 * API's: a post happens-before the job runs, the end of a syn's jobs happens-before
 * {@code await} returns, and a serial queue's job ends before its next one starts.
 *
 * <p>{@link org.thrjob.examples.Demo} runs all seven and prints one line each.
 */
package org.thrjob.examples;
