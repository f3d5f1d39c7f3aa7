package org.thrjob.ichannel;

/**
 * The bridge from any thread to the main thread's channels ({@code ic_reply} from
 * {@code thr_queue_main_g}): a job that computed an answer replies to its request's slot here,
 * and the write happens on the main thread.
 *
 * <p>Called on the main thread, the reply is queued for this turn's write at once. Called on any
 * other thread, it goes into a mailbox drained by one main-queue job: the replies that workers give
 * during one turn of the loop are written with one {@code write} per connection where the socket
 * takes them. Everything the replying thread did before {@code reply} happens-before the reply is
 * written.
 *
 * <p><b>Thread-safety:</b> thread-safe; may be called from any thread at any time.
 */
public interface ReplyBridge {

    /**
     * Gives {@code slot} its reply.
     *
     * @param slot  the slot; not null; made by this bridge's loop
     * @param reply the reply; not null
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the slot was made by another loop
     * @throws IllegalStateException    if the slot was answered already; nothing is written
     * @throws org.thrjob.api.RejectedJobException if the runtime was closed while the loop still
     *                                  serves the slot's connection (close the loop first); the
     *                                  slot then counts as answered and the reply is lost
     */
    void reply(Slot slot, Reply reply);
}
