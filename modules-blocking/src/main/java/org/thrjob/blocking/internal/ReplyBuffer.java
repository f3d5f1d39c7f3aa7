package org.thrjob.blocking.internal;

import java.util.ArrayList;
import java.util.List;
import org.thrjob.blocking.ReplySink;

/**
 * Replies kept for later: a thread-safe context's output, or a key-ready callback's output until it
 * accepts. Thread-safe (synchronized): jobs on several threads may append.
 */
public final class ReplyBuffer implements ReplySink {

    private enum Op { SIMPLE, ERROR, INTEGER, BULK, NULL, ARRAY, MAP, SET, BOOL, DOUBLE }

    private final List<Object> ops = new ArrayList<>();

    /** An empty buffer. */
    public ReplyBuffer() {
        // Nothing to set up: the list starts empty.
    }

    private synchronized void add(Op op, Object value) {
        ops.add(op);
        ops.add(value);
    }

    /**
     * Sends everything kept to {@code sink}, in order, and forgets it. Main thread.
     *
     * @param sink where to send
     * @return whether an error was among the replies (the command failed)
     */
    public boolean replayTo(ReplySink sink) {
        List<Object> copy;
        synchronized (this) {
            copy = new ArrayList<>(ops);
            ops.clear();
        }
        boolean error = false;
        for (int i = 0; i < copy.size(); i += 2) {
            Object v = copy.get(i + 1);
            switch ((Op) copy.get(i)) {
                case SIMPLE -> sink.simple((String) v);
                case ERROR -> {
                    error = true;
                    sink.error((String) v);
                }
                case INTEGER -> sink.integer((Long) v);
                case BULK -> sink.bulk((byte[]) v);
                case NULL -> sink.nullValue();
                case ARRAY -> sink.array((Integer) v);
                case MAP -> sink.map((Integer) v);
                case SET -> sink.set((Integer) v);
                case BOOL -> sink.bool((Boolean) v);
                case DOUBLE -> sink.doubleValue((Double) v);
                default -> throw new AssertionError(copy.get(i));
            }
        }
        return error;
    }

    @Override
    public void simple(String value) {
        add(Op.SIMPLE, value);
    }

    @Override
    public void error(String message) {
        add(Op.ERROR, message);
    }

    @Override
    public void integer(long value) {
        add(Op.INTEGER, value);
    }

    @Override
    public void bulk(byte[] value) {
        add(Op.BULK, value.clone());
    }

    @Override
    public void nullValue() {
        add(Op.NULL, null);
    }

    @Override
    public void array(int length) {
        add(Op.ARRAY, length);
    }

    @Override
    public void map(int pairs) {
        add(Op.MAP, pairs);
    }

    @Override
    public void set(int length) {
        add(Op.SET, length);
    }

    @Override
    public void bool(boolean value) {
        add(Op.BOOL, value);
    }

    @Override
    public void doubleValue(double value) {
        add(Op.DOUBLE, value);
    }
}
