/**
 * Job posting instead of locks.
 *
 * <p>Work is cut into {@link org.thrjob.api.Job jobs} and posted: unordered to the runtime
 * ({@link org.thrjob.api.Thr#schedule}), in order to a serial {@link org.thrjob.api.ThrQueue queue},
 * or to the {@link org.thrjob.api.MainQueue main queue} that only the main thread runs. Nothing is
 * guarded by a lock: what a serial queue's jobs touch is touched by one job at a time, and
 * what must reply to the outside world is posted to the main queue. A {@link org.thrjob.api.Syn}
 * waits for a set of jobs, or runs a continuation when they are done.
 *
 * <table class="striped">
 *   <caption>lib-common thr-job and Apple GCD names</caption>
 *   <thead><tr><th>thr-job</th><th>GCD</th><th>thrjob</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code thr_schedule}</td><td>{@code dispatch_async} on a global queue</td>
 *         <td>{@link org.thrjob.api.Thr#schedule(Job)}</td></tr>
 *     <tr><td>{@code thr_syn_schedule}, {@code thr_syn_wait}</td><td>{@code dispatch_group_async},
 *         {@code dispatch_group_wait}</td><td>{@link org.thrjob.api.Thr#schedule(Syn, Job)},
 *         {@link org.thrjob.api.Syn#await()}</td></tr>
 *     <tr><td>{@code thr_queue_create}, {@code thr_queue}</td><td>{@code dispatch_queue_create},
 *         {@code dispatch_async}</td><td>{@link org.thrjob.api.Thr#newQueue(String)},
 *         {@link org.thrjob.api.JobQueue#post(Job)}</td></tr>
 *     <tr><td>{@code thr_queue_sync}</td><td>{@code dispatch_sync}</td>
 *         <td>{@link org.thrjob.api.JobQueue#sync(Job)}</td></tr>
 *     <tr><td>{@code thr_queue_main_g}</td><td>{@code dispatch_get_main_queue}</td>
 *         <td>{@link org.thrjob.api.Thr#mainQueue()}</td></tr>
 *     <tr><td>{@code thr_syn_notify}</td><td>{@code dispatch_group_notify}</td>
 *         <td>{@link org.thrjob.api.Syn#whenDone}</td></tr>
 *     <tr><td>{@code thr_for_each}</td><td>{@code dispatch_apply}</td>
 *         <td>{@link org.thrjob.api.Thr#forEach}</td></tr>
 *     <tr><td>{@code thr_enter_blocking_syscall}</td><td>(automatic)</td>
 *         <td>{@link org.thrjob.api.Thr#blocking(java.util.concurrent.Callable)}</td></tr>
 *     <tr><td>{@code thr_acc_*}</td><td>-</td><td>{@link org.thrjob.api.Thr#stats()}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Failures are never silent.</b> A job that throws goes to the runtime's
 * {@link org.thrjob.api.FailureHandler}, and the syn it belongs to rethrows it from
 * {@code await()} once all its jobs are done.
 *
 * <p><b>Nothing posted is dropped.</b> Closing a queue or the runtime refuses new jobs with a
 * {@link org.thrjob.api.RejectedJobException} and runs every job already posted.
 *
 * <p>The rules every provider follows are numbered in {@code docs/SPEC.md}; javadoc cites them as
 * "SPEC rule N.M".
 */
package org.thrjob.api;
