package org.thrjob.modules.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thrjob.modules.testkit.Calls.call;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Redis's tests/unit/moduleapi/blockonbackground.tcl, on every provider. The time-tracking cases
 * check the slow log's length and {@code cmdrstat} (INFO commandstats) as Redis does; the server
 * has no latency tracking, so the p50 percentile check is left out.
 */
class BlockOnBackgroundTest {

    private static final ExampleServers SERVERS = new ExampleServers();
    private static final Pattern CMDSTAT = Pattern.compile(
            "calls=(\\d+),usec=(\\d+),usec_per_call=([0-9.]+),rejected_calls=(\\d+),failed_calls=(\\d+)");

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis client(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
    }

    /** Redis's {@code cmdrstat}: calls, usec, usec_per_call, rejected_calls, failed_calls. */
    private static double[] cmdstat(Jedis j, String command) {
        String info = j.info("commandstats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                Matcher m = CMDSTAT.matcher(line);
                assertTrue(m.find(), "Redis's commandstats format: " + line);
                return new double[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Double.parseDouble(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
            }
        }
        throw new AssertionError("no cmdstat_" + command + " in:\n" + info);
    }

    /** Redis's {@code r slowlog reset; r config set slowlog-log-slower-than 200000}. */
    private static void resetSlowlog(Jedis j) {
        assertEquals("OK", call(j, "slowlog", "reset"));
        assertEquals("OK", j.configSet("slowlog-log-slower-than", "200000"));
        assertSlowlogLen(j, 0);
    }

    private static void assertSlowlogLen(Jedis j, long expected) {
        assertEquals(expected, call(j, "slowlog", "len"), "slowlog len");
    }

    private static void assertTracked(Jedis j, String command, long atLeastUsec) {
        double[] s = cmdstat(j, command);
        assertEquals(1, s[0], "calls");
        assertEquals(0, s[3], "rejected_calls");
        assertEquals(0, s[4], "failed_calls");
        assertTrue(s[1] >= atLeastUsec, "usec " + s[1] + " includes the background time, at least " + atLeastUsec);
        assertTrue(s[2] >= atLeastUsec, "usec_per_call " + s[2] + " at least " + atLeastUsec);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("blocked clients time tracking - check blocked command that uses RedisModule_BlockedClientMeasureTimeStart() is tracking background time")
    void trackingBackgroundTime(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            resetSlowlog(j);
            assertInstanceOf(Long.class, call(j, "block.debug", "0", "10000"));
            assertSlowlogLen(j, 0);
            assertEquals("OK", j.configResetStat());
            assertInstanceOf(Long.class, call(j, "block.debug", "200", "10000"));
            assertSlowlogLen(j, 1);
            assertTracked(j, "block.debug", 100_000);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("blocked clients time tracking - check blocked command that uses RedisModule_BlockedClientMeasureTimeStart() is tracking background time even in timeout")
    void trackingBackgroundTimeEvenInTimeout(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            resetSlowlog(j);
            assertInstanceOf(Long.class, call(j, "block.debug", "0", "20000"));
            assertSlowlogLen(j, 0);
            assertEquals("OK", j.configResetStat());
            assertEquals("Request timedout", call(j, "block.debug", "20000", "500"));
            assertSlowlogLen(j, 1);
            assertTracked(j, "block.debug", 250_000);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("blocked clients time tracking - check blocked command with multiple calls RedisModule_BlockedClientMeasureTimeStart()  is tracking the total background time")
    void trackingTotalBackgroundTimeOfMultipleMeasurements(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            resetSlowlog(j);
            assertInstanceOf(Long.class, call(j, "block.double_debug", "0"));
            assertSlowlogLen(j, 0);
            assertEquals("OK", j.configResetStat());
            assertInstanceOf(Long.class, call(j, "block.double_debug", "100"));
            assertSlowlogLen(j, 1);
            assertTracked(j, "block.double_debug", 60_000);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("blocked clients time tracking - check blocked command without calling RedisModule_BlockedClientMeasureTimeStart() is not reporting background time")
    void notReportingUntrackedBackgroundTime(String provider) throws Exception {
        try (Jedis j = client(provider)) {
            resetSlowlog(j);
            assertEquals("OK", j.configResetStat());
            assertInstanceOf(Long.class, call(j, "block.debug_no_track", "200", "1000"));
            // ensure slowlog is still empty
            assertSlowlogLen(j, 0);
            double[] s = cmdstat(j, "block.debug_no_track");
            assertTrue(s[1] < 200_000, "usec " + s[1] + " leaves the 200 ms of background out");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("client unblock works only for modules with timeout support")
    void clientUnblockWorksOnlyForModulesWithTimeoutSupport(String provider) throws Exception {
        try (Jedis r = client(provider); Jedis rd = Calls.deferringClient(SERVERS.port(provider))) {
            long id = (Long) call(rd, "client", "id");

            // Block with a timeout function - may unblock
            Calls.send(rd, "block.block", "20000");
            waitUntilBlocked(r);
            assertEquals(1L, call(r, "client", "unblock", Long.toString(id)));
            assertEquals("Timed out", Calls.read(rd));

            // Block without a timeout function - cannot unblock
            Calls.send(rd, "block.block", "0");
            waitUntilBlocked(r);
            assertEquals(0L, call(r, "client", "unblock", Long.toString(id)));
            assertEquals("OK", call(r, "block.release", "foobar"));
            assertEquals("foobar", Calls.read(rd));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void blockBlockAndReleaseRefuseWhatRedisRefuses(String provider) throws Exception {
        try (Jedis r = client(provider); Jedis rd = Calls.deferringClient(SERVERS.port(provider))) {
            assertEquals("-ERR No blocked client", call(r, "block.release", "x"));
            assertEquals("-ERR invalid timeout", call(r, "block.block", "soon"));
            assertEquals("-ERR invalid count", call(r, "block.debug", "x", "0"));
            assertEquals("-ERR invalid count", call(r, "block.double_debug", "1e3"));
            assertEquals("-ERR wrong number of arguments for 'block.debug' command", call(r, "block.debug", "1"));
            Calls.send(rd, "block.block", "0");
            waitUntilBlocked(r);
            assertEquals("-ERR another client already blocked", call(r, "block.block", "0"));
            assertEquals("OK", call(r, "block.release", "done"));
            assertEquals("done", Calls.read(rd));
            assertEquals(0L, call(r, "block.is_blocked"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    void moduleOnTheModulePathIsLoadedByTheServer(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        try (ChildServer child = ChildServer.start(ChildServer.locationOf(BlockModule.class), "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), (int) ExampleServers.TIMEOUT.toMillis())) {
            List<?> modules = (List<?>) call(j, "MODULE", "LIST");
            assertEquals("block", ((List<?>) modules.get(0)).get(1), "MODULE LIST: " + modules);
            assertInstanceOf(Long.class, call(j, "block.debug", "10", "0"));
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }

    /** Redis's {@code wait_for_condition 50 100 {[r block.is_blocked] == 1}}: polled, bounded. */
    private static void waitUntilBlocked(Jedis r) throws InterruptedException {
        org.thrjob.modules.testkit.Waits.waitForCondition(
                () -> Long.valueOf(1).equals(call(r, "block.is_blocked")), () -> "Module did not block");
    }
}
