package org.thrjob.server;

import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;

/**
 * A slot that counts the error it is answered with in the error statistics: for the requests the
 * server answers itself, without the dispatcher (AUTH, HELLO, MULTI, EXEC, DISCARD), whose errors
 * Redis counts as any other ({@code afterErrorReply}).
 *
 * <p><b>Thread-safety:</b> the main thread only, as the slot it wraps.
 */
final class CountingSlot implements Slot {

    private final Slot slot;
    private final ErrorStats errors;

    CountingSlot(Slot slot, ErrorStats errors) {
        this.slot = slot;
        this.errors = errors;
    }

    @Override
    public void reply(Reply reply) {
        if (reply instanceof Reply.ErrorReply e) {
            errors.count(e.message());
        }
        slot.reply(reply);
    }

    @Override
    public boolean isAnswered() {
        return slot.isAnswered();
    }

    @Override
    public long connectionId() {
        return slot.connectionId();
    }

    @Override
    public long sequence() {
        return slot.sequence();
    }
}
