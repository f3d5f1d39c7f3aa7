package org.thrjob.modules.helloseed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.thrjob.modules.testkit.Calls.call;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.modules.testkit.ChildServer;
import org.thrjob.modules.testkit.ExampleServers;
import redis.clients.jedis.Jedis;

/** HELLO.SEED as the blocking-commands guide describes it, on every provider. */
class HelloSeedTest {

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
    void helloSeedRepliesHelloAfterASecond(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            assertEquals("Hello!", call(j, "HELLO.SEED"));
            assertEquals("Hello!", call(j, "hello.seed", "0"), "0: no timeout");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloSeedRepliesNullOnTimeout(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            assertNull(call(j, "hello.seed", "50"));
            assertEquals("PONG", j.ping());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void helloSeedRejectsABadTimeout(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            assertEquals("-ERR invalid timeout", call(j, "hello.seed", "soon"));
            assertEquals("-ERR invalid timeout", call(j, "hello.seed", "-1"));
            assertEquals("-ERR wrong number of arguments for 'hello.seed' command", call(j, "hello.seed", "1", "2"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void moduleOnTheModulePathIsLoadedByTheServer(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        try (ChildServer child = ChildServer.start(ChildServer.locationOf(HelloSeedModule.class), "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), (int) ExampleServers.TIMEOUT.toMillis())) {
            List<?> modules = (List<?>) call(j, "MODULE", "LIST");
            assertEquals("helloseed", ((List<?>) modules.get(0)).get(1), "MODULE LIST: " + modules);
            assertEquals("Hello!", call(j, "hello.seed", "5000"));
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }
}
