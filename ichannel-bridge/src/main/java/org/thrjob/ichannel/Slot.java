package org.thrjob.ichannel;

/**
 * The place of one request's reply in its connection's reply stream.
 *
 * <p>A slot is answered exactly once. Replies leave the connection in request order: a slot
 * answered early waits for the slots before it. A second reply throws
 * {@link IllegalStateException} at the caller and writes nothing. A slot whose connection has
 * closed (the peer left, a limit was hit, the loop stopped) accepts its one reply and drops it.
 *
 * <p><b>Thread-safety:</b> every method may be called from any thread.
 */
public interface Slot {

    /**
     * Replies to this slot; the same as {@code bridge.reply(this, reply)} on the loop that made it.
     *
     * @param reply the reply; not null
     * @throws NullPointerException  if {@code reply} is null
     * @throws IllegalStateException if this slot was answered already
     */
    void reply(Reply reply);

    /**
     * Tells whether a reply was given to this slot (it may not be written yet).
     *
     * @return true once answered
     */
    boolean isAnswered();

    /**
     * The id of the connection the request came from ({@link Connection#id()}).
     *
     * @return the connection id
     */
    long connectionId();

    /**
     * The request's position on its connection: 0 for the first request, then 1, 2, ...
     *
     * @return the sequence number, zero or more
     */
    long sequence();
}
