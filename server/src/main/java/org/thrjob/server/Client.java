package org.thrjob.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.thrjob.blocking.ClientConnection;
import org.thrjob.ichannel.Connection;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;

/**
 * One client as both sides see it: ichannel's {@link Connection} and modules-blocking's
 * {@link ClientConnection}. Requests handed to the dispatcher leave their slot here, oldest
 * first; the replies the dispatcher streams back are assembled and answer those slots in order
 * (the dispatcher runs a client's requests one after the other, a blocked one holding back the
 * next, so the n-th complete reply belongs to the n-th slot).
 *
 * <p>It also keeps the per-client state of the server: authentication and the MULTI queue.
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread only ({@link #id()} from any).
 */
final class Client implements ClientConnection {

    private final RedisServer server;
    final Connection connection;
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private final ReplyAssembler assembler = new ReplyAssembler(this::complete);
    /** True once AUTH (or HELLO ... AUTH) succeeded, or when no password is set. */
    boolean authenticated;
    /** The commands queued since MULTI, or null outside a transaction. */
    List<List<byte[]>> multi;
    /** A queued command was refused: EXEC will answer EXECABORT (Redis's CLIENT_DIRTY_EXEC). */
    boolean multiDirty;
    /** The next null is a null array ({@code *-1} in RESP2), as BLPOP's timeout is in Redis. */
    boolean nullArrayNext;
    /** The last command's name, for CLIENT LIST. */
    String lastCommand = "NULL";

    Client(RedisServer server, Connection connection, boolean authenticated) {
        this.server = server;
        this.connection = connection;
        this.authenticated = authenticated;
    }

    /** Records where the reply of the request about to be submitted goes. */
    void expect(Slot slot) {
        waiting.add(slot);
    }

    /** Requests submitted and not answered yet (a blocked client has at least one). */
    int waitingReplies() {
        return waiting.size();
    }

    void startMulti() {
        multi = new ArrayList<>();
        multiDirty = false;
    }

    void endMulti() {
        multi = null;
        multiDirty = false;
    }

    private void complete(Reply reply) {
        Slot slot = waiting.poll();
        if (slot != null) {
            server.reply(slot, reply); // held until the append-only file was written
        }
        // else: a reply with no request (a module replying twice): Redis would send it; the
        // slot model has no place for it, so it is dropped.
    }

    @Override
    public long id() {
        return connection.id();
    }

    @Override
    public int respVersion() {
        return connection.protocol();
    }

    @Override
    public int db() {
        return connection.db();
    }

    @Override
    public void simple(String value) {
        assembler.value(Reply.simple(value));
    }

    @Override
    public void error(String message) {
        // The dispatcher's messages start with their code ("ERR ...", "WRONGTYPE ..."): keep it.
        server.errorStats.count(message);
        assembler.value(Reply.error("-" + message));
    }

    @Override
    public void integer(long value) {
        assembler.value(Reply.integer(value));
    }

    @Override
    public void bulk(byte[] value) {
        assembler.value(Reply.bulk(value));
    }

    @Override
    public void nullValue() {
        if (nullArrayNext) {
            nullArrayNext = false;
            assembler.value(Reply.nullArray());
            return;
        }
        assembler.value(Reply.nullBulk());
    }

    @Override
    public void array(int length) {
        assembler.open('a', length);
    }

    @Override
    public void map(int pairs) {
        assembler.open('m', pairs);
    }

    @Override
    public void set(int length) {
        assembler.open('s', length);
    }

    @Override
    public void bool(boolean value) {
        assembler.value(Reply.bool(value));
    }

    @Override
    public void doubleValue(double value) {
        assembler.value(Reply.doubleValue(value));
    }
}
