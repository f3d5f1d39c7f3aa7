package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/**
 * The in-memory host: a runtime of the provider under test whose main thread is the test's
 * thread, a dispatcher holding the GIL except while the loop waits for main jobs, a key space in
 * a map, and fake clients that record their replies. Main thread only (the test's thread).
 */
final class TestHost implements AutoCloseable {

    final Thr thr;
    final CommandRegistry registry = new CommandRegistry();
    final MapKeySpace keys = new MapKeySpace();
    final CommandDispatcher dispatcher;
    /** Every reply of every client, in the order written: "id reply". */
    final List<String> log = new ArrayList<>();
    /** Counts main-queue posts (the wakeup hook), so a test can see a timer fire. */
    final AtomicLong wakeups = new AtomicLong();
    private final Semaphore wake = new Semaphore(0);
    private long nextId = 1;

    TestHost(ThrProvider provider) {
        thr = Providers.thr(provider);
        dispatcher = new CommandDispatcher(thr.mainQueue(), registry, keys);
        thr.mainQueue().onWakeup(() -> {
            wakeups.incrementAndGet();
            wake.release();
        });
        dispatcher.gil().lock();
    }

    FakeClient client() {
        return client(2);
    }

    FakeClient client(int resp) {
        FakeClient c = new FakeClient(nextId++, resp, log);
        dispatcher.connect(c);
        return c;
    }

    static List<byte[]> args(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    void send(FakeClient c, String... words) {
        dispatcher.submit(c, args(words));
    }

    /** One turn of the loop: run what is queued for the main thread now. */
    void pump() {
        thr.mainQueue().drain();
    }

    /**
     * Runs the main loop until {@code condition} holds: drains with the GIL, and waits for the next
     * post without it, as an event loop sleeps. Fails after {@link Providers#TIMEOUT}.
     */
    void pumpUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Providers.TIMEOUT.toNanos();
        while (true) {
            thr.mainQueue().drain();
            if (condition.getAsBoolean()) {
                return;
            }
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
            dispatcher.gil().unlock();
            try {
                wake.tryAcquire(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } finally {
                dispatcher.gil().lock();
            }
        }
    }

    /** Waits until {@code c} has {@code n} replies. */
    void awaitReplies(FakeClient c, int n) {
        pumpUntil(() -> c.replies.size() >= n, "client " + c.id() + " has " + n + " replies: " + c.replies);
    }

    /** Every reply so far was written on the main thread. */
    void assertAllOnMain(FakeClient... clients) {
        for (FakeClient c : clients) {
            for (Thread t : c.writers) {
                assertEquals(thr.mainQueue().thread(), t, "reply written off the main thread");
            }
        }
    }

    @Override
    public void close() {
        thr.mainQueue().drain();
        dispatcher.gil().unlock();
        thr.close();
    }

    /** A key space in a map; values are whatever the tests store (lists for the BLPOP module). */
    static final class MapKeySpace implements KeySpace {
        private final Map<String, Object> data = Collections.synchronizedMap(new HashMap<>());

        private static String k(int db, byte[] key) {
            return db + ":" + Arrays.toString(key);
        }

        @Override
        public Object get(int db, byte[] key) {
            return data.get(k(db, key));
        }

        @Override
        public void set(int db, byte[] key, Object value) {
            data.put(k(db, key), value);
        }

        @Override
        public boolean delete(int db, byte[] key) {
            return data.remove(k(db, key)) != null;
        }
    }
}
