package org.thrjob.server;

import org.thrjob.blocking.ClientConnection;

/**
 * The client that replays the append-only file at start (Redis's fake AOF client): it follows
 * the file's SELECTs and drops every reply.
 *
 * <p><b>Thread-safety:</b> the main thread only.
 */
final class ReplayClient implements ClientConnection {

    /** An id no connection gets (ichannel counts from 1). */
    static final long ID = Long.MAX_VALUE;

    int db;
    long errors;

    @Override
    public long id() {
        return ID;
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
    }

    @Override
    public void error(String message) {
        errors++;
    }

    @Override
    public void integer(long value) {
    }

    @Override
    public void bulk(byte[] value) {
    }

    @Override
    public void nullValue() {
    }

    @Override
    public void array(int length) {
    }

    @Override
    public void map(int pairs) {
    }

    @Override
    public void set(int length) {
    }

    @Override
    public void bool(boolean value) {
    }

    @Override
    public void doubleValue(double value) {
    }
}
