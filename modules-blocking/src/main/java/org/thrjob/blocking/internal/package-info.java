/**
 * Implementation of modules-blocking; not exported.
 *
 * <p>{@link org.thrjob.blocking.internal.Engine} is the dispatcher's state, confined to the main
 * thread. {@link org.thrjob.blocking.internal.BlockedHandle} is a blocked client: its outcome is
 * decided under the handle's monitor by whichever of {unblock, abort, deadline, disconnect,
 * CLIENT UNBLOCK, key served} comes first; the winner alone reaches
 * {@link org.thrjob.blocking.internal.Engine#finish}, on the main thread, which runs the winning
 * callback, frees the privdata, sends the thread-safe context's replies and resumes the client's
 * pipelined requests. Deciding at the call (not when the main thread gets to it) is what makes an
 * unblock beat a deadline handled in the same main-loop turn.
 */
package org.thrjob.blocking.internal;
