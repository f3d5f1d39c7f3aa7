package org.thrjob.blocking.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.thrjob.blocking.CallReply;
import org.thrjob.blocking.ClientConnection;

/**
 * The client a module's {@code call} runs a command as (Redis's fake client of
 * {@code RedisModule_Call}): it has the caller's id and database, speaks RESP2 and turns the
 * streamed replies into one {@link CallReply}. One call, one thread (the GIL holder).
 */
final class ModuleCaller implements ClientConnection {

    /** An aggregate being filled. */
    private static final class Open {
        final CallReply.Type type;
        final int size;
        final List<CallReply> items = new ArrayList<>();

        Open(CallReply.Type type, int size) {
            this.type = type;
            this.size = size;
        }
    }

    private final long id;
    private final int db;
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private CallReply reply;

    ModuleCaller(long id, int db) {
        this.id = id;
        this.db = db;
    }

    /** The reply, or an error if the command replied nothing (a bug of the command). */
    CallReply reply() {
        if (reply == null) {
            return CallReply.error("ERR the command replied nothing (or an incomplete array)");
        }
        return reply;
    }

    private void value(CallReply v) {
        CallReply done = v;
        while (true) {
            Open top = open.peek();
            if (top == null) {
                if (reply == null) {
                    reply = done; // a second top-level reply is dropped: a call has one reply
                }
                return;
            }
            top.items.add(done);
            if (top.items.size() < top.size) {
                return;
            }
            open.pop();
            done = CallReply.aggregate(top.type, top.items);
        }
    }

    private void aggregate(CallReply.Type type, int size) {
        if (size == 0) {
            value(CallReply.aggregate(type, List.of()));
        } else {
            open.push(new Open(type, size));
        }
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public int respVersion() {
        return 2;
    }

    @Override
    public int db() {
        return db;
    }

    @Override
    public void simple(String value) {
        value(CallReply.simple(value));
    }

    @Override
    public void error(String message) {
        value(CallReply.error(message));
    }

    @Override
    public void integer(long value) {
        value(CallReply.integer(value));
    }

    @Override
    public void bulk(byte[] value) {
        value(CallReply.bulk(value));
    }

    @Override
    public void nullValue() {
        value(CallReply.nullReply());
    }

    @Override
    public void array(int length) {
        aggregate(CallReply.Type.ARRAY, length);
    }

    @Override
    public void map(int pairs) {
        aggregate(CallReply.Type.MAP, pairs * 2);
    }

    @Override
    public void set(int length) {
        aggregate(CallReply.Type.SET, length);
    }

    @Override
    public void bool(boolean value) {
        value(CallReply.bool(value));
    }

    @Override
    public void doubleValue(double value) {
        value(CallReply.doubleValue(value));
    }
}
