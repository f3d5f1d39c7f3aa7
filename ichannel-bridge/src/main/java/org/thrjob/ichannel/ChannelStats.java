package org.thrjob.ichannel;

/**
 * A snapshot of an event loop's counters, for monitoring ({@code INFO clients}) and for checking
 * that nothing is left after {@link EventLoop#stop()}.
 *
 * <p><b>Thread-safety:</b> an immutable value.
 *
 * @param connections       connections open now
 * @param accepted          connections accepted since the loop opened
 * @param rejected          connections refused with {@code max number of clients reached}
 * @param protocolErrors    connections closed for bad input
 * @param limitCloses       connections closed for going over an output buffer limit
 * @param idleCloses        connections closed for the idle timeout
 * @param pendingSlots      requests received and not yet written back, over all connections
 * @param outputBytes       reply bytes waiting to be written, over all connections
 * @param queryBytes        request bytes buffered and not yet parsed, over all connections
 * @param turns             turns of the loop so far
 * @param writes            socket writes so far (each writes all a connection has ready, or as
 *                          much as the socket takes)
 */
public record ChannelStats(long connections, long accepted, long rejected, long protocolErrors,
        long limitCloses, long idleCloses, long pendingSlots, long outputBytes, long queryBytes,
        long turns, long writes) {
}
