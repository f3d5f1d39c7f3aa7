/**
 * The implementation of {@code org.thrjob.bio}: not exported. {@code DefaultBio} holds one
 * {@code KindWorker} per kind; each worker keeps its own FIFO of pending jobs ({@code JobFifo},
 * with each job's submission time) and runs them from a drain runner posted to the kind's
 * dedicated thr queue, so that {@code closeNow} can stop after the running job and take back
 * exactly the jobs that did not run. See {@code KindWorker} for the algorithm.
 */
package org.thrjob.bio.internal;
