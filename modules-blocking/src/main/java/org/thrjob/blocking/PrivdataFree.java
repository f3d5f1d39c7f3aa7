package org.thrjob.blocking;

/**
 * Frees the private data of a blocked client: Redis's {@code free_privdata(ctx, privdata)}. Called
 * on the main thread exactly once per non-null privdata, after the winning callback (SPEC rule
 * 9.2); {@link CommandContext#blockedClientDisconnected()} tells whether the client went away.
 *
 * <p><b>Thread-safety:</b> called on the main thread only.
 *
 * @param <P> the privdata type
 */
@FunctionalInterface
public interface PrivdataFree<P> {

    /**
     * Frees {@code privdata}.
     *
     * @param ctx      the context (never null); only its client queries are meaningful
     * @param privdata the privdata (never null)
     */
    void free(CommandContext ctx, P privdata);
}
