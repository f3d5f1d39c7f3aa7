package org.thrjob.bench;

import org.thrjob.blocking.ClientConnection;

/**
 * A client of the modules-blocking benchmarks: counts the replies it gets and keeps nothing else,
 * so that what a benchmark measures is the dispatcher, not a recorder.
 *
 * <p>Thread-safety: used on the main thread only, as every reply sink.
 */
final class CountingClient implements ClientConnection {

    private final long id;
    long replies;

    CountingClient(long id) {
        this.id = id;
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
        return 0;
    }

    @Override
    public void simple(String value) {
        replies++;
    }

    @Override
    public void error(String message) {
        replies++;
    }

    @Override
    public void integer(long value) {
        replies++;
    }

    @Override
    public void bulk(byte[] value) {
        replies++;
    }

    @Override
    public void nullValue() {
        replies++;
    }

    @Override
    public void array(int length) {
        replies++;
    }

    @Override
    public void map(int pairs) {
        replies++;
    }

    @Override
    public void set(int length) {
        replies++;
    }

    @Override
    public void bool(boolean value) {
        replies++;
    }

    @Override
    public void doubleValue(double value) {
        replies++;
    }

    /** A key space for benchmarks that touch no key. */
    static final org.thrjob.blocking.KeySpace NO_KEYS = new org.thrjob.blocking.KeySpace() {
        @Override
        public Object get(int db, byte[] key) {
            return null;
        }

        @Override
        public void set(int db, byte[] key, Object value) {
            throw new UnsupportedOperationException("the benchmarks touch no key");
        }

        @Override
        public boolean delete(int db, byte[] key) {
            return false;
        }
    };
}
