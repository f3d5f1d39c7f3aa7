package org.thrjob.modules.helloblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thrjob.modules.testkit.Calls.call;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.modules.testkit.Calls;
import org.thrjob.modules.testkit.ChildServer;
import org.thrjob.modules.testkit.ExampleServers;
import redis.clients.jedis.Jedis;

/**
 * HELLO.BLOCK as Redis's helloblock.c answers it (Redis has no Tcl test for this example module:
 * the cases are its documented behaviour), on every provider.
 */
class HelloBlockTest {

    private static final ExampleServers SERVERS = new ExampleServers();

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis client(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloBlockRepliesARandomIntegerAfterTheDelay(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            for (String delay : List.of("0", "1")) {
                Object reply = call(j, "HELLO.BLOCK", delay, "0");
                assertInstanceOf(Long.class, reply, "an integer after " + delay + " s");
                assertTrue((Long) reply >= 0, "rand_r's range: not negative");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloBlockTimesOutWithRequestTimedout(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            assertEquals("Request timedout", call(j, "hello.block", "5", "100"));
            assertEquals("PONG", j.ping(), "the client is usable after the timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloBlockRejectsWhatIsNotANumber(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            assertEquals("-ERR invalid count", call(j, "hello.block", "x", "0"));
            assertEquals("-ERR invalid count", call(j, "hello.block", "0", "1.5"));
            assertEquals("-ERR invalid count", call(j, "hello.block", "", "0"));
            assertEquals("-ERR wrong number of arguments for 'hello.block' command", call(j, "hello.block", "0"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloKeysRepliesEveryKeyOfTheClientsDatabase(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            j.select(3);
            j.flushDB();
            assertEquals(List.of(), call(j, "hello.keys"));
            java.util.Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 300; i++) {
                j.set("key:" + i, "v");
                expected.add("key:" + i);
            }
            j.rpush("list", "a");
            expected.add("list");
            j.set("gone", "v");
            j.pexpireAt("gone", 1); // a time past: the key is gone
            j.select(4);
            j.set("other-db", "v");
            j.select(3);
            Object reply = call(j, "HELLO.KEYS");
            assertEquals(expected, new java.util.HashSet<>((List<?>) reply), "every live key of db 3, once");
            assertEquals(expected.size(), ((List<?>) reply).size(), "no key twice");
            assertEquals("-ERR wrong number of arguments for 'hello.keys' command", call(j, "hello.keys", "x"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void manyClientsBlockedAtOnceAreEachAnswered(String provider) throws Exception {
        List<Jedis> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Jedis j = Calls.deferringClient(SERVERS.port(provider));
                clients.add(j);
                Calls.send(j, "hello.block", "0", "0");
                Calls.send(j, "hello.block", "0", "0");
                Calls.send(j, "ping");
            }
            for (Jedis j : clients) {
                assertInstanceOf(Long.class, Calls.read(j));
                assertInstanceOf(Long.class, Calls.read(j), "the pipelined request ran after the first reply");
                assertEquals("PONG", Calls.read(j));
            }
        } finally {
            clients.forEach(Jedis::close);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void moduleOnTheModulePathIsLoadedByTheServer(String provider) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        try (ChildServer child = ChildServer.start(ChildServer.locationOf(HelloBlockModule.class), "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), (int) ExampleServers.TIMEOUT.toMillis())) {
            List<?> modules = (List<?>) call(j, "MODULE", "LIST");
            assertEquals(1, modules.size(), "MODULE LIST: " + modules);
            assertEquals("helloblock", ((List<?>) modules.get(0)).get(1), "found by ServiceLoader on the module path");
            assertInstanceOf(Long.class, call(j, "hello.block", "0", "0"));
            assertEquals("Request timedout", call(j, "hello.block", "5", "50"));
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }
}
