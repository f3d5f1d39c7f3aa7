package org.thrjob.ichannel.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;

/**
 * A request's slot. {@code answered} is the one cross-thread field: the reply that wins its CAS
 * is the slot's only reply, on whichever thread it came. The reply itself travels to the main
 * thread through the loop's mailbox, whose queue publishes it; {@code ready} is then set on the
 * main thread, which alone reads {@code reply} after that.
 *
 * <p><b>Thread-safety:</b> {@link #reply}, {@link #isAnswered()} and the getters from any thread;
 * {@code ready} and the read of {@code reply} on the main thread only.
 */
final class SlotImpl implements Slot {

    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(SlotImpl.class, "answered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Loop loop;
    final ConnectionImpl connection;
    private final long sequence;
    @SuppressWarnings("unused") // through ANSWERED
    private volatile int answered;
    /** Written once by the thread that won {@link #claim()}, before the hand-off to the main thread. */
    Reply reply;
    /** Main thread only: the reply has reached the main thread and may be written. */
    boolean ready;

    SlotImpl(Loop loop, ConnectionImpl connection, long sequence) {
        this.loop = loop;
        this.connection = connection;
        this.sequence = sequence;
    }

    /** Wins the right to answer: true once, false for every later caller. */
    boolean claim() {
        return ANSWERED.compareAndSet(this, 0, 1);
    }

    @Override
    public void reply(Reply reply) {
        loop.reply(this, reply);
    }

    @Override
    public boolean isAnswered() {
        return answered != 0;
    }

    @Override
    public long connectionId() {
        return connection.id();
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return "slot " + sequence + " of connection " + connection.id();
    }
}
