package org.thrjob.blocking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the in-memory host: records each reply as text ({@code +OK}, {@code :1},
 * {@code $hello}, {@code (nil)}, {@code *2}, {@code %1}, {@code ~1}, {@code #t}, {@code ,1.5},
 * {@code -ERR ...}) and the thread that wrote it, also into the host's global log so that the
 * order across clients can be checked. Main thread only, like every sink.
 */
final class FakeClient implements ClientConnection {

    private final long id;
    private final int resp;
    private final List<String> log;
    final List<String> replies = new ArrayList<>();
    final List<Thread> writers = new ArrayList<>();
    int db;

    FakeClient(long id, int resp, List<String> log) {
        this.id = id;
        this.resp = resp;
        this.log = log;
    }

    private void record(String reply) {
        replies.add(reply);
        writers.add(Thread.currentThread());
        log.add(id + " " + reply);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public int respVersion() {
        return resp;
    }

    @Override
    public int db() {
        return db;
    }

    @Override
    public void simple(String value) {
        record("+" + value);
    }

    @Override
    public void error(String message) {
        record("-" + message);
    }

    @Override
    public void integer(long value) {
        record(":" + value);
    }

    @Override
    public void bulk(byte[] value) {
        record("$" + new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public void nullValue() {
        record("(nil)");
    }

    @Override
    public void array(int length) {
        record("*" + length);
    }

    @Override
    public void map(int pairs) {
        record("%" + pairs);
    }

    @Override
    public void set(int length) {
        record("~" + length);
    }

    @Override
    public void bool(boolean value) {
        record(value ? "#t" : "#f");
    }

    @Override
    public void doubleValue(double value) {
        record("," + value);
    }
}
