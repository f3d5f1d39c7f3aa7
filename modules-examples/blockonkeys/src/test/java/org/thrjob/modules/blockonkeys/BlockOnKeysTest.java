package org.thrjob.modules.blockonkeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thrjob.modules.testkit.Calls.call;
import static org.thrjob.modules.testkit.Calls.read;
import static org.thrjob.modules.testkit.Calls.send;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.modules.testkit.Calls;
import org.thrjob.modules.testkit.ChildServer;
import org.thrjob.modules.testkit.ExampleServers;
import redis.clients.jedis.Jedis;

/**
 * Redis's tests/unit/moduleapi/blockonkeys.tcl, the cases that apply to thrjob's server today (the
 * module's README lists the others), on every provider.
 */
class BlockOnKeysTest {

    private static final ExampleServers SERVERS = new ExampleServers();

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis r(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
    }

    private static Jedis rd(String provider) throws Exception {
        return Calls.deferringClient(SERVERS.port(provider));
    }

    /** The SWAPDB cases' common start: {@code rd} blocks in database 9 on FSL.BPOPGT k 35 0. */
    private static void blockInDb9OnGreaterThan35(Jedis r, Jedis rd) throws Exception {
        send(rd, "select", "9");
        assertEquals("OK", read(rd));
        send(rd, "fsl.bpopgt", "k", "35", "0");
        waitForBlockedClientsCount(r, 1);
    }

    /** Redis's {@code wait_for_blocked_clients_count}: INFO's blocked_clients, polled, bounded. */
    private static void waitForBlockedClientsCount(Jedis r, int count) throws InterruptedException {
        org.thrjob.modules.testkit.Waits.waitForBlockedClients(r, count);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys: Circular BPOPPUSH")
    void circularBpoppush(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd1 = rd(provider); Jedis rd2 = rd(provider)) {
            r.del("src", "dst");
            send(rd1, "fsl.bpoppush", "src", "dst", "0");
            waitForBlockedClientsCount(r, 1);
            send(rd2, "fsl.bpoppush", "dst", "src", "0");
            waitForBlockedClientsCount(r, 2);
            assertEquals("OK", call(r, "fsl.push", "src", "42"));
            waitForBlockedClientsCount(r, 0);
            assertEquals(List.of(42L), call(r, "fsl.getall", "src"));
            assertEquals(List.of(), call(r, "fsl.getall", "dst"));
            assertEquals(42L, read(rd1));
            assertEquals(42L, read(rd2));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys: Self-referential BPOPPUSH")
    void selfReferentialBpoppush(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd1 = rd(provider)) {
            r.del("src");
            send(rd1, "fsl.bpoppush", "src", "src", "0");
            waitForBlockedClientsCount(r, 1);
            call(r, "fsl.push", "src", "42");
            assertEquals(42L, read(rd1));
            assertEquals(List.of(42L), call(r, "fsl.getall", "src"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys: BPOPPUSH unblocked by timer")
    void bpoppushUnblockedByTimer(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd1 = rd(provider)) {
            r.del("src", "dst");
            send(rd1, "fsl.bpoppush", "src", "dst", "0");
            waitForBlockedClientsCount(r, 1);
            Object id = call(r, "fsl.pushtimer", "src", "9000", "10");
            assertTrue(id instanceof Long && (Long) id > 0, "FSL.PUSHTIMER replies the timer's id: " + id);
            waitForBlockedClientsCount(r, 0);
            assertEquals(9000L, read(rd1));
            assertEquals(List.of(9000L), call(r, "fsl.getall", "dst"));
            assertEquals(List.of(), call(r, "fsl.getall", "src"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (no metadata): No block")
    void noMetadataNoBlock(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "33");
            call(r, "fsl.push", "k", "34");
            assertEquals(34L, call(r, "fsl.bpop", "k", "0"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (no metadata): Timeout")
    void noMetadataTimeout(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "fsl.bpop", "k", "1");
            assertEquals("Request timedout", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (no metadata): Blocked")
    void noMetadataBlocked(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "fsl.bpop", "k", "0");
            waitForBlockedClientsCount(r, 1);
            call(r, "fsl.push", "k", "34");
            assertEquals(34L, read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): No block")
    void withMetadataNoBlock(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "34");
            assertEquals(34L, call(r, "fsl.bpopgt", "k", "30", "0"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Timeout")
    void withMetadataTimeout(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "client", "id");
            long cid = (Long) read(rd);
            call(r, "fsl.push", "k", "33");
            send(rd, "fsl.bpopgt", "k", "35", "1");
            assertEquals("Request timedout", read(rd));
            assertEquals(1L, call(r, "client", "kill", "id", Long.toString(cid)), "try to smoke-out client-related memory leak");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, case 1")
    void withMetadataBlockedCase1(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "client", "id");
            long cid = (Long) read(rd);
            call(r, "fsl.push", "k", "33");
            send(rd, "fsl.bpopgt", "k", "33", "0");
            waitForBlockedClientsCount(r, 1);
            call(r, "fsl.push", "k", "34");
            assertEquals(34L, read(rd));
            assertEquals(1L, call(r, "client", "kill", "id", Long.toString(cid)));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, case 2")
    void withMetadataBlockedCase2(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            for (String e : List.of("33", "34", "35", "36")) {
                assertEquals("OK", call(r, "fsl.push", "k", e));
            }
            assertEquals(36L, read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, DEL")
    void withMetadataBlockedDel(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            r.del("k");
            assertEquals("-UNBLOCKED key no longer exists", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, expired (Redis signals every deletion, expiry included)")
    void withMetadataBlockedExpired(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            r.pexpireAt("k", System.currentTimeMillis() + 20);
            // the server's active expiry (10 times a second) deletes it; nobody reads it meanwhile
            assertEquals("-UNBLOCKED key no longer exists", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, FLUSHALL")
    void withMetadataBlockedFlushall(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            assertEquals("OK", r.flushAll());
            assertEquals("-UNBLOCKED key no longer exists", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, SWAPDB, no key")
    void withMetadataBlockedSwapdbNoKey(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.flushAll();
            r.select(9);
            call(r, "fsl.push", "k", "32");
            blockInDb9OnGreaterThan35(r, rd);
            assertEquals("OK", r.swapDB(0, 9));
            assertEquals("-UNBLOCKED key no longer exists", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, SWAPDB, key exists, case 1")
    void withMetadataBlockedSwapdbKeyExistsCase1(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            // the key exists in the other database, but of the wrong type
            r.flushAll();
            r.select(9);
            call(r, "fsl.push", "k", "32");
            r.select(0);
            r.lpush("k", "38");
            blockInDb9OnGreaterThan35(r, rd);
            assertEquals("OK", r.swapDB(0, 9));
            assertEquals("-UNBLOCKED key no longer exists", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, SWAPDB, key exists, case 2")
    void withMetadataBlockedSwapdbKeyExistsCase2(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            // the key exists in the other database, of the right type, with a value too small
            r.flushAll();
            r.select(9);
            call(r, "fsl.push", "k", "32");
            r.select(0);
            call(r, "fsl.push", "k", "34");
            blockInDb9OnGreaterThan35(r, rd);
            assertEquals("OK", r.swapDB(0, 9));
            assertTrue(r.info("clients").contains("blocked_clients:1\r\n"), "still blocked after SWAPDB");
            r.select(9);
            call(r, "fsl.push", "k", "38");
            assertEquals(38L, read(rd));
            assertEquals(List.of(34L), call(r, "fsl.getall", "k"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, SWAPDB, key exists, case 3")
    void withMetadataBlockedSwapdbKeyExistsCase3(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            // the key exists in the other database, of the right type, with a value that serves
            r.flushAll();
            r.select(9);
            call(r, "fsl.push", "k", "32");
            r.select(0);
            call(r, "fsl.push", "k", "38");
            blockInDb9OnGreaterThan35(r, rd);
            assertEquals("OK", r.swapDB(0, 9));
            assertEquals(38L, read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, CLIENT KILL")
    void withMetadataBlockedClientKill(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "client", "id");
            long cid = (Long) read(rd);
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            assertEquals(1L, call(r, "client", "kill", "id", Long.toString(cid)));
            waitForBlockedClientsCount(r, 0);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, CLIENT UNBLOCK TIMEOUT")
    void withMetadataBlockedClientUnblockTimeout(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "client", "id");
            long cid = (Long) read(rd);
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            assertEquals(1L, call(r, "client", "unblock", Long.toString(cid), "timeout"));
            assertEquals("Request timedout", read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys (with metadata): Blocked, CLIENT UNBLOCK ERROR")
    void withMetadataBlockedClientUnblockError(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            call(r, "fsl.push", "k", "32");
            send(rd, "client", "id");
            long cid = (Long) read(rd);
            send(rd, "fsl.bpopgt", "k", "35", "0");
            waitForBlockedClientsCount(r, 1);
            assertEquals(1L, call(r, "client", "unblock", Long.toString(cid), "error"));
            String reply = (String) read(rd);
            assertTrue(reply.startsWith("-") && reply.contains("unblocked"), reply);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys, no timeout CB, CLIENT UNBLOCK TIMEOUT")
    void noTimeoutCallbackClientUnblockTimeout(String provider) throws Exception {
        noTimeoutCallbackCannotBeUnblocked(provider, "timeout");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys, no timeout CB, CLIENT UNBLOCK ERROR")
    void noTimeoutCallbackClientUnblockError(String provider) throws Exception {
        noTimeoutCallbackCannotBeUnblocked(provider, "error");
    }

    private static void noTimeoutCallbackCannotBeUnblocked(String provider, String mode) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("k");
            try (Jedis rd = rd(provider)) {
                send(rd, "client", "id");
                long cid = (Long) read(rd);
                send(rd, "fsl.bpop", "k", "0", "NO_TO_CB");
                waitForBlockedClientsCount(r, 1);
                assertEquals(0L, call(r, "client", "unblock", Long.toString(cid), mode));
            }
            waitForBlockedClientsCount(r, 0); // closing the client unblocked it
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client re-blocked on keys after woke up on wrong type")
    void reblockedAfterWokeUpOnWrongType(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k", "fsl_wrong_type");
            send(rd, "fsl.bpop", "k", "0");
            waitForBlockedClientsCount(r, 1);
            r.lpush("k", "12");
            r.lpush("k", "13");
            r.lpush("k", "14");
            r.del("k");
            call(r, "fsl.push", "k", "34");
            assertEquals(34L, read(rd));
            assertEquals("1", r.get("fsl_wrong_type"), "first lpush caused one wrong-type wake-up");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client blocked on keys woken up by LPUSH")
    void wokenUpByLpush(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "blockonkeys.popall", "k");
            waitForBlockedClientsCount(r, 1);
            r.lpush("k", "42", "squirrel", "banana");
            assertEquals(List.of("banana", "squirrel", "42"), read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module client unblocks BLPOP")
    void moduleClientUnblocksBlpop(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            send(rd, "blpop", "k", "3");
            waitForBlockedClientsCount(r, 1);
            assertEquals("OK", call(r, "blockonkeys.lpush", "k", "42"));
            assertEquals(List.of("k", "42"), read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module unblocks module blocked on non-empty list")
    void moduleUnblocksModuleBlockedOnNonEmptyList(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            r.lpush("k", "aa");
            send(rd, "blockonkeys.blpopn", "k", "5");
            waitForBlockedClientsCount(r, 1);
            assertEquals("OK", call(r, "blockonkeys.lpush_unblock", "k", "bb", "cc")); // not enough elements
            r.lpush("k", "dd", "ee", "ff"); // does not unblock the module
            assertEquals("OK", call(r, "blockonkeys.lpush_unblock", "k", "gg")); // unblocks it
            assertEquals(List.of("gg", "ff", "ee", "dd", "cc"), read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Module explicit unblock when blocked on keys")
    void explicitUnblockWhenBlockedOnKeys(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = rd(provider)) {
            r.del("k");
            r.set("somekey", "someval");
            send(rd, "blockonkeys.blpopn_or_unblock", "k", "5", "0");
            waitForBlockedClientsCount(r, 1);
            // the key-ready callback unblocks its client instead of popping
            r.lpush("k", "dd");
            waitForBlockedClientsCount(r, 0);
            assertEquals("Action aborted", read(rd));
            send(rd, "get", "somekey");
            assertEquals("someval", read(rd), "the command is not processed again");
            assertEquals(List.of("dd"), r.lrange("k", 0, -1));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void errorsAsRedisRepliesThem(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("k", "s", "fsl_wrong_type");
            r.set("s", "v");
            assertEquals("-ERR invalid integer", call(r, "fsl.push", "k", "x"));
            assertEquals("-ERR invalid timeout", call(r, "fsl.bpop", "k", "-1"));
            assertEquals("-ERR invalid period", call(r, "fsl.pushtimer", "k", "1", "x"));
            assertEquals("-ERR invalid argument", call(r, "fsl.bpop", "k", "0", "SOMETHING"));
            assertEquals("-ERR key must exist", call(r, "fsl.bpopgt", "k", "1", "0"));
            call(r, "fsl.push", "k", "10");
            assertEquals("-ERR new element has to be greater than the head element", call(r, "fsl.push", "k", "10"));
            assertEquals("-" + BlockOnKeysModule.WRONGTYPE, call(r, "fsl.getall", "s"));
            assertEquals("1", r.get("fsl_wrong_type"), "a wrong type is counted");
            assertEquals("-ERR Key not empty", call(r, "blockonkeys.popall", "s"));
            assertEquals("-ERR Invalid N", call(r, "blockonkeys.blpopn", "l", "n"));
            assertEquals("-ERR Invalid timeout value", call(r, "blockonkeys.blpopn", "l", "1", "x"));
            assertEquals("-" + BlockOnKeysModule.WRONGTYPE, call(r, "blockonkeys.lpush", "s", "x"));
            assertEquals("module", r.type("k"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void moduleOnTheModulePathIsLoadedByTheServer(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        try (ChildServer child = ChildServer.start(ChildServer.locationOf(BlockOnKeysModule.class), "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), (int) ExampleServers.TIMEOUT.toMillis())) {
            List<?> modules = (List<?>) call(j, "MODULE", "LIST");
            assertEquals("blockonkeys", ((List<?>) modules.get(0)).get(1), "MODULE LIST: " + modules);
            call(j, "fsl.push", "k", "1");
            assertEquals(1L, call(j, "fsl.bpop", "k", "0"));
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }
}
