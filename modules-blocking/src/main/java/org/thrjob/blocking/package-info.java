/**
 * Command modules and blocking commands, Redis module API style.
 *
 * <p><b>The pieces.</b> A {@link org.thrjob.blocking.CommandModule} registers
 * {@link org.thrjob.blocking.Command}s in a {@link org.thrjob.blocking.CommandRegistry}. The host
 * (a server's event loop, or a test) owns a {@link org.thrjob.blocking.CommandDispatcher}: it hands
 * each parsed request to {@link org.thrjob.blocking.CommandDispatcher#submit}, on the main thread,
 * and the dispatcher calls the command with a {@link org.thrjob.blocking.CommandContext}.
 *
 * <p><b>Blocking.</b> A command may block its client
 * ({@link org.thrjob.blocking.CommandContext#blockClient}, Redis's {@code RedisModule_BlockClient})
 * and hand the returned {@link org.thrjob.api.BlockedClient} to a job; the job calls
 * {@link org.thrjob.api.BlockedClient#unblock} from any thread and the reply callback then runs on
 * the main thread. Exactly one of {reply, timeout, abort, disconnect} wins (SPEC rule 9.1); the
 * privdata is freed exactly once (9.2). While a client is blocked its later pipelined requests
 * wait, and run in order after the reply. Clients are handled in the order they were unblocked.
 *
 * <p><b>The main thread and the GIL.</b> Every callback, and every access to the key space that
 * is not made through a locked {@link org.thrjob.blocking.ThreadSafeContext}, runs on the main
 * thread of the runtime, which holds the {@link org.thrjob.blocking.Gil} except while its loop
 * sleeps (Redis's global lock).
 */
package org.thrjob.blocking;
