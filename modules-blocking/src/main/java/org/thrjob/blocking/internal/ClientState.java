package org.thrjob.blocking.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.thrjob.blocking.ClientConnection;
import org.thrjob.blocking.ContextFlag;

/** A connected client as the engine tracks it. Main thread only. */
final class ClientState {

    /** A request that waits while the client is blocked: one command, or a MULTI/EXEC batch. */
    record Pending(List<List<byte[]>> commands, Set<ContextFlag> flags, boolean transaction) {
    }

    final ClientConnection conn;
    BlockedHandle<?> blocked;
    ArrayDeque<Pending> pending;
    boolean closed;

    ClientState(ClientConnection conn) {
        this.conn = conn;
    }

    boolean mustWait() {
        return blocked != null || (pending != null && !pending.isEmpty());
    }
}
