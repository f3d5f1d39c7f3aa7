package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Transaction;

/**
 * Redis's tests/unit/lazyfree.tcl, the cases that apply, on every provider. {@code used_memory} is
 * the JVM heap in use, so each sample follows a {@code MEMORY PURGE} (a full collection): what
 * Redis's allocator returns at once, the JVM returns at the next collection. The statistics are
 * compared before and after rather than after {@code CONFIG RESETSTAT}.
 *
 * <p>Not ported: the two stream cases (no streams), the "blocking FLUSHALL ASYNC" cases
 * (FLUSHALL SYNC run as a blocking FLUSHALL ASYNC is Redis 8's; this server follows 7.2, where
 * FLUSHALL SYNC frees in place), and REPLICAOF (no replication).
 */
class LazyFreeTest {

    private static final Servers SERVERS = new Servers();
    private static final int MEMBERS = 100_000;

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis connect(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.of(provider).port(), (int) Servers.TIMEOUT.toMillis());
    }

    private static long stat(Jedis j, String name) {
        for (String line : j.info().split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("INFO has no " + name);
    }

    /** {@code s used_memory} after a full collection. */
    private static long usedMemory(Jedis j) {
        j.sendCommand(Protocol.Command.MEMORY, "PURGE");
        return stat(j, "used_memory");
    }

    /** Redis's {@code wait_for_condition 50 100}, bounded by {@link Servers#TIMEOUT}. */
    private static void waitFor(Jedis j, String stat, LongPredicate ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
        long value;
        while (!ok.test(value = "used_memory".equals(stat) ? usedMemory(j) : stat(j, stat))) {
            assertTrue(System.nanoTime() < deadline, what + " within " + Servers.TIMEOUT + " (" + stat + ":" + value + ")");
            Thread.sleep(20);
        }
    }

    /** {@code r sadd myset 0 1 2 ...}, sent in slices so the test itself keeps nothing big. */
    private static void fillSet(Jedis j, String key) {
        for (int from = 0; from < MEMBERS; from += 10_000) {
            String[] members = new String[10_000];
            for (int i = 0; i < members.length; i++) {
                members[i] = Integer.toString(from + i);
            }
            j.sadd(key, members);
        }
        assertEquals(MEMBERS, j.scard(key));
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    @DisplayName("UNLINK can reclaim memory in background")
    void unlinkCanReclaimMemoryInBackground(String provider) throws Exception {
        try (Jedis r = connect(provider)) {
            r.flushAll();
            waitFor(r, "lazyfree_pending_objects", v -> v == 0, "earlier lazy frees done");
            long freedBefore = stat(r, "lazyfreed_objects");
            long origMem = usedMemory(r);
            fillSet(r, "myset");
            long peakMem = usedMemory(r);
            assertEquals(1, r.unlink("myset"));
            assertTrue(peakMem > origMem + 1_000_000, "the set takes memory: " + origMem + " -> " + peakMem);
            waitFor(r, "used_memory", used -> used < peakMem && used < origMem * 2, "memory is reclaimed by UNLINK");
            waitFor(r, "lazyfree_pending_objects", v -> v == 0, "the lazy free is done");
            assertEquals(freedBefore + 1, stat(r, "lazyfreed_objects"), "the set was freed by bio, as one object");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    @DisplayName("FLUSHDB ASYNC can reclaim memory in background")
    void flushdbAsyncCanReclaimMemoryInBackground(String provider) throws Exception {
        try (Jedis r = connect(provider)) {
            r.flushAll();
            waitFor(r, "lazyfree_pending_objects", v -> v == 0, "earlier lazy frees done");
            long freedBefore = stat(r, "lazyfreed_objects");
            long origMem = usedMemory(r);
            fillSet(r, "myset");
            r.set("other", "1");
            long peakMem = usedMemory(r);
            r.sendCommand(Protocol.Command.FLUSHDB, "ASYNC");
            assertEquals(0, r.dbSize());
            assertTrue(peakMem > origMem + 1_000_000, "the set takes memory: " + origMem + " -> " + peakMem);
            waitFor(r, "used_memory", used -> used < peakMem && used < origMem * 2, "memory is reclaimed by FLUSHDB ASYNC");
            waitFor(r, "lazyfree_pending_objects", v -> v == 0, "the lazy free is done");
            assertEquals(freedBefore + 2, stat(r, "lazyfreed_objects"), "one lazy-freed object per key, as Redis counts");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    @DisplayName("FLUSHALL SYNC in MULTI not optimized to run as blocking FLUSHALL ASYNC")
    void flushallSyncInMultiNotLazy(String provider) throws Exception {
        try (Jedis r = connect(provider)) {
            r.flushAll();
            waitFor(r, "lazyfree_pending_objects", v -> v == 0, "earlier lazy frees done");
            long freedBefore = stat(r, "lazyfreed_objects");
            r.set("x", "11");
            r.set("y", "22");
            Transaction multi = r.multi();
            multi.sendCommand(Protocol.Command.FLUSHALL, new String[0]);
            List<Object> replies = multi.exec();
            assertEquals(1, replies.size());
            Object reply = replies.get(0);
            assertEquals("OK", reply instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : reply);
            assertEquals(0, stat(r, "lazyfree_pending_objects"));
            assertEquals(freedBefore, stat(r, "lazyfreed_objects"), "a synchronous flush frees in place");
            assertEquals(0, r.dbSize());
        }
    }
}
