package org.thrjob.blocking;

/**
 * A client as the host sees it: its id, protocol, selected database and where its replies go. The
 * host implements it over its transport; the dispatcher never touches the network.
 *
 * <p><b>Thread-safety:</b> called on the main thread only; {@link #id()} must not change.
 */
public interface ClientConnection extends ReplySink {

    /**
     * The client id, unique among connected clients ({@code CLIENT ID}).
     *
     * @return the id
     */
    long id();

    /**
     * The protocol the client speaks.
     *
     * @return 2 or 3
     */
    int respVersion();

    /**
     * The selected database ({@code SELECT}).
     *
     * @return the database index, not negative
     */
    int db();
}
