package org.thrjob.blocking;

import java.util.List;

/**
 * A command implementation: Redis's {@code RedisModuleCmdFunc (ctx, argv, argc)}. The same type
 * serves as a reply or timeout callback of a blocked client, so one function can be all three
 * ({@link CommandContext#isBlockedReply()}, {@link CommandContext#isBlockedTimeout()}).
 *
 * <p><b>Thread-safety:</b> called on the main thread only, one call at a time.
 */
@FunctionalInterface
public interface Command {

    /**
     * Runs the command. A command that throws gets {@code -ERR <ExceptionClass>: <message>}
     * replied for it, is logged, and counts as a failed call.
     *
     * @param ctx  the call's context; valid only during this call (never null)
     * @param args the arguments, the command name first (never null, never empty, unmodifiable)
     * @throws Exception anything; it is reported to the client as an error
     */
    void call(CommandContext ctx, List<byte[]> args) throws Exception;
}
