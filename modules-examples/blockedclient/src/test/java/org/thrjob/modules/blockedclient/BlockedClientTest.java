package org.thrjob.modules.blockedclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Redis's tests/unit/moduleapi/blockedclient.tcl, the cases that apply (see the README's tables),
 * on every provider.
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
    @DisplayName("block time is equal to timer period")
    void blockTimeEqualToTimerPeriod(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            // Due together: the timer wins, so the client gets the OK of its reply callback.
            assertEquals("OK", call(r, "unblock_by_timer", "100", "100"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Locked GIL acquisition from RM_Call")
    void lockedGilAcquisitionFromRmCall(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals("Blocked client is not allowed", call(r, "do_rm_call", "acquire_gil"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Blocking command are not block the client on RM_Call")
    void blockingCommandsDoNotBlockOnRmCall(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("l", "empty_list");
            r.lpush("l", "test");
            assertEquals(List.of("l", "test"), call(r, "do_rm_call", "blpop", "l", "0"));
            r.lpush("l", "test");
            assertEquals(List.of("l", "test"), call(r, "do_rm_call", "brpop", "l", "0"));
            // on an empty list: null at once, not a blocked client
            assertNull(call(r, "do_rm_call", "blpop", "empty_list", "0"));
            assertNull(call(r, "do_rm_call", "brpop", "empty_list", "0"));
            assertEquals("PONG", call(r, "ping"), "the connection is not blocked");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("RM_Call from blocked client")
    void rmCallFromBlockedClient(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("hash");
            r.hset("hash", "foo", "bar");
            for (int i = 0; i < 20; i++) {
                assertEquals(List.of("foo", "bar"), call(r, "do_bg_rm_call", "hgetall", "hash"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("module client error stats")
    void moduleClientErrorStats(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            r.del("x");
            assertEquals("OK", r.configResetStat());

            // simple module command that replies with string error
            assertEquals("-ERR unknown command 'hgetalllll', with args beginning with: ", call(r, "do_rm_call", "hgetalllll"));
            assertEquals("count=1", errorrstat(r, "ERR"));

            // simple module command that replies with string error
            assertEquals("-ERR unknown subcommand 'bla'. Try CONFIG HELP.", call(r, "do_rm_call", "config", "bla"));
            assertEquals("count=2", errorrstat(r, "ERR"));

            // module command that replies with string error from bg thread
            assertEquals("-NULL reply returned", call(r, "do_bg_rm_call", "hgetalllll"));
            assertEquals("count=1", errorrstat(r, "NULL"));

            // module command that returns an arity error
            assertEquals("OK", call(r, "do_rm_call", "set", "x", "x"));
            assertEquals("-ERR wrong number of arguments for 'do_rm_call' command", call(r, "do_rm_call"));
            assertEquals("count=3", errorrstat(r, "ERR"));

            // RM_Call that propagates an error
            assertTrue(((String) call(r, "do_rm_call", "hgetall", "x")).startsWith("-WRONGTYPE"));
            assertEquals("count=1", errorrstat(r, "WRONGTYPE"));
            assertTrue(cmdrstat(r, "hgetall").matches("calls=1,.*,rejected_calls=0,failed_calls=1"), cmdrstat(r, "hgetall"));

            // RM_Call from bg thread that propagates an error
            assertTrue(((String) call(r, "do_bg_rm_call", "hgetall", "x")).startsWith("-WRONGTYPE"));
            assertEquals("count=2", errorrstat(r, "WRONGTYPE"));
            assertTrue(cmdrstat(r, "hgetall").matches("calls=2,.*,rejected_calls=0,failed_calls=2"), cmdrstat(r, "hgetall"));

            assertEquals("6", info(r, "stats", "total_error_replies"));
            assertTrue(cmdrstat(r, "do_rm_call").matches("calls=5,.*,rejected_calls=0,failed_calls=4"), cmdrstat(r, "do_rm_call"));
            assertTrue(cmdrstat(r, "do_bg_rm_call").matches("calls=2,.*,rejected_calls=0,failed_calls=2"), cmdrstat(r, "do_bg_rm_call"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void doBgRmCallRefusesWhereBlockingIsNot(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals("Blocked client is not allowed", call(r, "do_rm_call", "do_bg_rm_call", "ping"));
            assertEquals("OK", call(r, "multi"));
            assertEquals("QUEUED", call(r, "do_bg_rm_call", "ping"));
            assertEquals(List.of("Blocked client is not supported inside multi"), call(r, "exec"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("blocked client reaches client output buffer limit")
    void blockedClientReachesClientOutputBufferLimit(String provider) throws Exception {
        int port = SERVERS.port(provider);
        String big = "x".repeat(50_000);
        try (Jedis admin = new Jedis("127.0.0.1", port, (int) ExampleServers.TIMEOUT.toMillis())) {
            admin.configSet("client-output-buffer-limit", "normal 100k 0 0");
            try {
                try (Jedis r = new Jedis("127.0.0.1", port, (int) ExampleServers.TIMEOUT.toMillis())) {
                    r.del("hash");
                    r.hset("hash", "big", big);
                    r.hset("hash", "bada", big);
                    r.hset("hash", "boom", big);
                    r.clientSetname("myclient");
                    assertThrows(JedisConnectionException.class,
                            () -> call(r, "do_bg_rm_call", "hgetall", "hash"),
                            "the reply of 150 kB passes the 100 kB hard limit: the connection is closed");
                }
                String clients = admin.clientList();
                assertFalse(clients.contains("name=myclient"), clients);
            } finally {
                admin.configSet("client-output-buffer-limit", "normal 0 0 0");
                admin.del("hash");
            }
        }
    }

    /** Redis's {@code errorrstat}: the value of {@code errorstat_<code>} in INFO errorstats. */
    private static String errorrstat(Jedis r, String code) {
        return info(r, "errorstats", "errorstat_" + code);
    }

    /** Redis's {@code cmdrstat}: the value of {@code cmdstat_<command>} in INFO commandstats. */
    private static String cmdrstat(Jedis r, String command) {
        return info(r, "commandstats", "cmdstat_" + command);
    }

    private static String info(Jedis r, String section, String field) {
        for (String line : r.info(section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
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
        try (Jedis r = new Jedis("127.0.0.1", own.port(provider), (int) ExampleServers.TIMEOUT.toMillis())) {
            // the timer has fired once the client has its reply: nothing of the module is pending
            assertEquals("OK", call(r, "unblock_by_timer", "10", "0"));
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

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void unloadIsRefusedWhileAClientIsBlockedOrATimerPending(String provider) throws Exception {
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
            // the client is gone but its timer is not: Redis refuses until it fires
            assertEquals("-ERR Error unloading module: the module holds timer that is not fired. Please stop the"
                    + " timer or wait until it fires.", call(r, "module", "unload", "blockedclient"));
            assertEquals("OK", call(r, "acquire_gil"), "the module is still loaded and serves");
        } finally {
            own.close();
        }
    }

    private static void waitForBlockedClients(Jedis r, int count) throws InterruptedException {
        org.thrjob.modules.testkit.Waits.waitForBlockedClients(r, count);
    }
}
