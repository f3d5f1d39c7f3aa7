package org.thrjob.ichannel.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thrjob.api.spi.Checks;
import org.thrjob.ichannel.Connection;
import org.thrjob.ichannel.Reply;

/**
 * One client: its socket, query buffer and parser, the slots of its requests in order, and its
 * output buffer (Redis's {@code client}).
 *
 * <h2>Replies in request order</h2>
 * {@code pending} holds the slots of the requests read and not yet written back, oldest first. A
 * reply that reaches the main thread marks its slot ready; then every ready slot at the head is
 * encoded into the output buffer, in order, and the connection is marked for this turn's write.
 * A slot answered early simply waits for the ones before it.
 *
 * <h2>Reading</h2>
 * One read per readable event (as Redis), into a heap query buffer of 16 KB that grows only as far
 * as a request line needs (the parser's limits stop it near 128 KB) and shrinks back when empty.
 * A big argument is read straight into its own array, the bytes after it into the query buffer, in
 * one scattering read.
 *
 * <p><b>Thread-safety:</b> confined to the main thread, except {@link #id()}, {@link #peer()},
 * {@link #createdAt()} and {@link #isOpen()}.
 */
final class ConnectionImpl implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionImpl.class);
    static final int QUERY_INITIAL = 16 * 1024;
    private static final int QUERY_MAX = 4 * RequestParser.INLINE_MAX;
    private static final ByteBuffer NO_QUERY = ByteBuffer.allocate(0);

    private final Loop loop;
    private final long id;
    private final SocketChannel channel;
    private final InetSocketAddress peer;
    private final Instant createdAt = Instant.now();
    private final RequestParser parser;
    private final ArrayDeque<SlotImpl> pending = new ArrayDeque<>();
    private final OutputBuffer out = new OutputBuffer();
    private final ByteBuffer[] scatter = new ByteBuffer[2];
    private final List<Consumer<? super Connection>> closeCallbacks = new ArrayList<>(1);
    private volatile boolean open = true;
    SelectionKey key;
    private ByteBuffer query = ByteBuffer.allocate(QUERY_INITIAL).flip();
    private long nextSequence;
    private long lastActiveMillis = System.currentTimeMillis();
    private String name;
    private int protocol = 2;
    private int db;
    private boolean closeAfterReply;
    /** When the output went over the soft limit, in nanos; 0 when under it. */
    private long softSince;
    /** Listed in the loop's connections to write this turn. */
    boolean dirty;

    ConnectionImpl(Loop loop, long id, SocketChannel channel, InetSocketAddress peer) {
        this.loop = loop;
        this.id = id;
        this.channel = channel;
        this.peer = peer;
        this.parser = new RequestParser(loop.config().protoMaxBulkLen());
    }

    // ------------------------------------------------------------------ reading and dispatch

    void onReadable() {
        if (closeAfterReply || !open) {
            return;
        }
        long n;
        try {
            ByteBuffer big = parser.bigArg();
            if (big != null && !query.hasRemaining()) {
                if (query.capacity() == 0) {
                    query = ByteBuffer.allocate(QUERY_INITIAL);
                } else {
                    query.clear();
                }
                scatter[0] = big;
                scatter[1] = query;
                n = channel.read(scatter);
                scatter[0] = null;
                scatter[1] = null;
            } else {
                if (query.capacity() == 0) {
                    query = ByteBuffer.allocate(QUERY_INITIAL);
                } else {
                    query.compact();
                }
                if (!query.hasRemaining()) {
                    if (!grow()) {
                        return;
                    }
                }
                n = channel.read(query);
            }
            query.flip();
        } catch (IOException e) {
            LOG.debug("Reading from client id={} addr={}: {}", id, peer, e.toString());
            close();
            return;
        }
        if (n < 0) {
            close();
            return;
        }
        if (n == 0) {
            return;
        }
        lastActiveMillis = loop.turnMillis();
        parseAndDispatch();
        if (open && !query.hasRemaining() && query.capacity() > QUERY_INITIAL) {
            query = ByteBuffer.allocate(QUERY_INITIAL).flip(); // give back a grown buffer
        }
    }

    private boolean grow() {
        if (query.capacity() >= QUERY_MAX) {
            // The parser's limits fail a request long before this; it is a guard, not a path.
            protocolError("Protocol error: too big request");
            return false;
        }
        ByteBuffer bigger = ByteBuffer.allocate(query.capacity() * 2);
        query.flip();
        bigger.put(query);
        query = bigger;
        return true;
    }

    private void parseAndDispatch() {
        while (open && !closeAfterReply) {
            List<byte[]> request;
            try {
                request = parser.next(query);
            } catch (ProtocolException e) {
                protocolError(e.getMessage());
                return;
            }
            if (request == null) {
                return;
            }
            if (request == RequestParser.EMPTY) {
                continue;
            }
            dispatch(request);
        }
    }

    private void dispatch(List<byte[]> request) {
        SlotImpl slot = new SlotImpl(loop, this, nextSequence++);
        pending.addLast(slot);
        ConnectionImpl outer = loop.inHandler(this); // not read while its request runs
        try {
            loop.handler().onRequest(this, request, slot);
        } catch (Throwable failure) {
            LOG.error("The request handler failed on {} from client id={} addr={}", slot, id, peer, failure);
            if (slot.claim()) {
                slot.reply = Reply.error("internal error in the request handler: " + failure);
                answered(slot);
            }
        } finally {
            loop.inHandler(outer);
        }
    }

    private void protocolError(String message) {
        loop.countProtocolError();
        LOG.debug("Protocol error ({}) from client: id={} addr={}", message, id, peer);
        SlotImpl slot = new SlotImpl(loop, this, nextSequence++);
        slot.claim();
        slot.reply = Reply.error(message);
        pending.addLast(slot);
        stopReading();
        answered(slot);
    }

    private void stopReading() {
        closeAfterReply = true;
        query = NO_QUERY;
        parser.reset();
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    // ------------------------------------------------------------------ replies

    /** On the main thread: {@code slot}'s reply has arrived; writes what is ready, in order. */
    void answered(SlotImpl slot) {
        slot.ready = true;
        if (!open) {
            slot.reply = null;
            return;
        }
        if (pending.peekFirst() != slot) {
            return; // it waits for the requests before it
        }
        SlotImpl head;
        while ((head = pending.peekFirst()) != null && head.ready) {
            pending.pollFirst();
            ReplyEncoder.encode(head.reply, protocol, out);
            head.reply = null;
        }
        if (checkOutputLimits()) {
            loop.markDirty(this);
        }
    }

    /**
     * Redis's {@code checkClientOutputBufferLimits}: over the hard limit, or over the soft one for
     * longer than its time, the client is closed at once and its output dropped.
     *
     * @return false if it closed the connection
     */
    private boolean checkOutputLimits() {
        long used = out.size();
        long hard = loop.config().outputHardLimit();
        long soft = loop.config().outputSoftLimit();
        if (hard > 0 && used >= hard) {
            closeForLimit(used, "hard");
            return false;
        }
        if (soft > 0 && used >= soft) {
            long now = System.nanoTime() | 1L;
            if (softSince == 0) {
                softSince = now;
            } else if (now - softSince > loop.config().outputSoftTime().toNanos()) {
                closeForLimit(used, "soft");
                return false;
            }
        } else {
            softSince = 0;
        }
        return true;
    }

    /** The soft limit's timer, checked from the loop's cron as well as on each reply. */
    void cron(long nowNanos, long nowMillis) {
        if (softSince != 0 && nowNanos - softSince > loop.config().outputSoftTime().toNanos()
                && out.size() >= loop.config().outputSoftLimit()) {
            closeForLimit(out.size(), "soft");
            return;
        }
        long idle = loop.config().idleTimeout().toMillis();
        // As Redis's clientsCronHandleTimeout: a client waiting for a reply (blocked) is not idle;
        // one that does not read its replies is (every write it takes counts as activity).
        if (idle > 0 && pending.isEmpty() && nowMillis - lastActiveMillis > idle) {
            loop.countIdleClose();
            LOG.debug("Closing idle client id={} addr={}", id, peer);
            close();
        }
    }

    private void closeForLimit(long used, String which) {
        loop.countLimitClose();
        LOG.warn("Client id={} addr={} closed for overcoming of output buffer limits ({} limit, {}"
                + " bytes pending).", id, peer, which, used);
        close();
    }

    /** Writes what the socket takes now (one write), and asks for OP_WRITE if bytes remain. */
    void flush() {
        if (!open) {
            return;
        }
        if (!out.isEmpty()) {
            try {
                loop.countWrite();
                if (out.writeTo(channel) > 0) {
                    lastActiveMillis = loop.turnMillis();
                }
            } catch (IOException e) {
                LOG.debug("Writing to client id={} addr={}: {}", id, peer, e.toString());
                close();
                return;
            }
        }
        if (out.isEmpty()) {
            if (closeAfterReply && pending.isEmpty()) {
                close();
                return;
            }
            interest(SelectionKey.OP_WRITE, false);
        } else {
            interest(SelectionKey.OP_WRITE, true);
        }
    }

    private void interest(int op, boolean on) {
        if (!key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    long pendingSlots() {
        return pending.size();
    }

    long outputBytes() {
        return out.size();
    }

    long queryBytes() {
        return query.remaining() + parser.bufferedBytes();
    }

    // ------------------------------------------------------------------ Connection

    @Override
    public long id() {
        return id;
    }

    @Override
    public String name() {
        loop.checkInLoop("Connection.name()");
        return name;
    }

    @Override
    public void name(String name) {
        loop.checkInLoop("Connection.name(String)");
        this.name = name;
    }

    @Override
    public int protocol() {
        loop.checkInLoop("Connection.protocol()");
        return protocol;
    }

    @Override
    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3 but was " + version);
        }
        loop.checkInLoop("Connection.protocol(int)");
        this.protocol = version;
    }

    @Override
    public int db() {
        loop.checkInLoop("Connection.db()");
        return db;
    }

    @Override
    public void db(int db) {
        Checks.atLeast(db, 0, "db");
        loop.checkInLoop("Connection.db(int)");
        this.db = db;
    }

    @Override
    public InetSocketAddress peer() {
        return peer;
    }

    @Override
    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public Instant lastActiveAt() {
        loop.checkInLoop("Connection.lastActiveAt()");
        return Instant.ofEpochMilli(lastActiveMillis);
    }

    @Override
    public void onClose(Consumer<? super Connection> callback) {
        Checks.notNull(callback, "callback");
        loop.checkInLoop("Connection.onClose");
        if (open) {
            closeCallbacks.add(callback);
        } else {
            runCallback(callback);
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void closeAfterReplies() {
        loop.checkInLoop("Connection.closeAfterReplies()");
        if (!open || closeAfterReply) {
            return;
        }
        stopReading();
        loop.markDirty(this);
    }

    @Override
    public void close() {
        loop.checkInLoop("Connection.close()");
        if (!open) {
            return;
        }
        open = false;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing client id={} addr={}: {}", id, peer, e.toString());
        }
        out.clear();
        query = NO_QUERY;
        parser.reset();
        for (SlotImpl slot : pending) {
            slot.reply = null; // replies still to come are accepted and dropped
        }
        pending.clear();
        loop.removed(this);
        List<Consumer<? super Connection>> callbacks = new ArrayList<>(closeCallbacks);
        closeCallbacks.clear();
        for (Consumer<? super Connection> callback : callbacks) {
            runCallback(callback);
        }
    }

    private void runCallback(Consumer<? super Connection> callback) {
        try {
            callback.accept(this);
        } catch (Throwable failure) {
            LOG.error("A close callback of client id={} addr={} failed", id, peer, failure);
        }
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + peer;
    }
}
