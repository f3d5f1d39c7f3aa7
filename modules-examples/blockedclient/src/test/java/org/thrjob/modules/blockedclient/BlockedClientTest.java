package org.thrjob.modules.blockedclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thrjob.modules.testkit.Calls.call;

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
 * Redis's tests/unit/moduleapi/blockedclient.tcl, the cases whose commands need no RM_Call, on
 * every provider.
 */
class BlockedClientTest {

    private static final ExampleServers SERVERS = new ExampleServers();

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis r(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Locked GIL acquisition")
    void lockedGilAcquisition(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            for (int i = 0; i < 20; i++) {
                assertEquals("OK", call(r, "acquire_gil"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Locked GIL acquisition during multi")
    void lockedGilAcquisitionDuringMulti(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals("OK", call(r, "multi"));
            assertEquals("QUEUED", call(r, "acquire_gil"));
            assertEquals(List.of("Blocked client is not supported inside multi"), call(r, "exec"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Blocked client replies through a thread-safe context without a thread (do_fake_bg_true), RESP2 and RESP3")
    void fakeBackgroundTrue(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals(1L, call(r, "do_fake_bg_true"), "RESP2: a true boolean is the integer 1");
            call(r, "hello", "3");
            assertEquals(Boolean.TRUE, call(r, "do_fake_bg_true"), "RESP3: #t");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Unblock by timer")
    void unblockByTimer(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals("OK", call(r, "unblock_by_timer", "100", "0"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("block time is shorter than timer period")
    void blockTimeShorterThanTimerPeriod(String provider) throws Exception {
        try (Jedis rd = Calls.deferringClient(SERVERS.port(provider))) {
            Calls.send(rd, "unblock_by_timer", "100", "10");
            Calls.send(rd, "ping");
            // This command does not have the reply: the next reply is the PING's.
            assertEquals("PONG", Calls.read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void moduleOnTheModulePathIsLoadedByTheServer(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        try (ChildServer child = ChildServer.start(ChildServer.locationOf(BlockedClientModule.class), "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), (int) ExampleServers.TIMEOUT.toMillis())) {
            List<?> modules = (List<?>) call(j, "MODULE", "LIST");
            assertEquals("blockedclient", ((List<?>) modules.get(0)).get(1), "MODULE LIST: " + modules);
            assertEquals("OK", call(j, "acquire_gil"));
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Unload the module - blockedclient")
    void unloadTheModule(String provider) throws Exception {
        // a server of its own: the shared one keeps the module for the other tests
        ExampleServers own = new ExampleServers();
        try (Jedis r = new Jedis("127.0.0.1", own.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
                Jedis rd = Calls.deferringClient(own.port(provider))) {
            Calls.send(rd, "client", "id");
            long cid = (Long) Calls.read(rd);
            Calls.send(rd, "unblock_by_timer", "600000", "0");
            waitForBlockedClients(r, 1);
            assertEquals("-ERR Error unloading module: the module has blocked clients. Please wait for them to be"
                    + " unblocked and try again", call(r, "module", "unload", "blockedclient"));
            assertEquals(1L, call(r, "client", "kill", "id", Long.toString(cid)));
            waitForBlockedClients(r, 0);
            assertEquals("OK", call(r, "module", "unload", "blockedclient"));
            assertEquals(List.of(), call(r, "module", "list"), "MODULE LIST no longer shows it");
            assertEquals(java.util.Arrays.asList((Object) null), call(r, "command", "info", "acquire_gil"),
                    "COMMAND no longer knows its commands");
            assertEquals("-ERR unknown command 'acquire_gil', with args beginning with: ", call(r, "acquire_gil"));
            assertEquals("-ERR Error unloading module: no such module with that name",
                    call(r, "module", "unload", "blockedclient"));
        } finally {
            own.close();
        }
    }

    private static void waitForBlockedClients(Jedis r, int count) throws InterruptedException {
        long deadline = System.nanoTime() + ExampleServers.TIMEOUT.toNanos();
        while (!r.info("clients").contains("blocked_clients:" + count + "\r\n")) {
            org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() < deadline,
                    "blocked_clients did not reach " + count + " within " + ExampleServers.TIMEOUT);
            Thread.sleep(5);
        }
    }
}
