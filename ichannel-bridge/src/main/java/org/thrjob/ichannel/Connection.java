package org.thrjob.ichannel;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One client connection and the attributes a host keeps about it (Redis's {@code client}
 * struct, minus the commands): id, name, RESP version, selected db, peer, times, close callbacks.
 *
 * <p><b>Thread-safety:</b> {@link #id()}, {@link #peer()}, {@link #createdAt()} and
 * {@link #isOpen()} may be called from any thread. Every other method must be called on the main
 * thread (in the request handler or a main-queue job) and throws {@link IllegalStateException}
 * elsewhere: the connection's state is confined to the thread that writes to it.
 *
 * <p><b>Close:</b> after close, the setters still record their value and do nothing else;
 * {@link #onClose} runs its callback at once.
 */
public interface Connection {

    /**
     * The connection's id, unique within its event loop and increasing, from 1.
     *
     * @return the id
     */
    long id();

    /**
     * The name given with {@link #name(String)} ({@code CLIENT SETNAME}).
     *
     * @return the name, or null if none was given
     */
    String name();

    /**
     * Names the connection.
     *
     * @param name the name, or null to remove it
     * @throws IllegalStateException off the main thread
     */
    void name(String name);

    /**
     * The RESP version replies are written in: 2 (the default) or 3.
     *
     * @return 2 or 3
     */
    int protocol();

    /**
     * Sets the RESP version of the replies written from now on ({@code HELLO 3}).
     *
     * @param version 2 or 3
     * @throws IllegalArgumentException if {@code version} is neither 2 nor 3
     * @throws IllegalStateException    off the main thread
     */
    void protocol(int version);

    /**
     * The selected database ({@code SELECT}); the loop only keeps it for the host.
     *
     * @return the db index, 0 by default
     */
    int db();

    /**
     * Records the selected database.
     *
     * @param db the db index; zero or more
     * @throws IllegalArgumentException if {@code db} is negative
     * @throws IllegalStateException    off the main thread
     */
    void db(int db);

    /**
     * The peer's address.
     *
     * @return the remote address, never null
     */
    InetSocketAddress peer();

    /**
     * When the connection was accepted.
     *
     * @return the time, never null
     */
    Instant createdAt();

    /**
     * When the connection last read a request or wrote a reply (Redis's {@code lastinteraction}),
     * to the loop's turn: the time the loop last woke with something to do.
     *
     * @return the time, never null
     * @throws IllegalStateException off the main thread
     */
    Instant lastActiveAt();

    /**
     * Adds a callback run on the main thread once the connection has closed, whatever closed it, so
     * that requests waiting for an answer (blocked clients) learn of the disconnect. A callback that
     * throws is logged and does not stop the others.
     *
     * @param callback the callback, given this connection; not null
     * @throws NullPointerException  if {@code callback} is null
     * @throws IllegalStateException off the main thread
     */
    void onClose(Consumer<? super Connection> callback);

    /**
     * Tells whether the connection is open. A snapshot from other threads.
     *
     * @return true until closed
     */
    boolean isOpen();

    /**
     * Closes once every request already received has been answered and its reply written
     * ({@code QUIT}, Redis's close-after-reply); reads no further request.
     *
     * @throws IllegalStateException off the main thread
     */
    void closeAfterReplies();

    /**
     * Closes at once, dropping replies not written yet. Harmless when closed already.
     *
     * @throws IllegalStateException off the main thread
     */
    void close();
}
