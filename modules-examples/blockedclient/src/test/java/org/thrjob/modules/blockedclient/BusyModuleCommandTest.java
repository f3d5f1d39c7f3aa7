package org.thrjob.modules.blockedclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thrjob.modules.testkit.Calls.call;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.modules.testkit.Calls;
import org.thrjob.modules.testkit.ExampleServers;
import redis.clients.jedis.Jedis;

/**
 * Redis's busy module command cases of tests/unit/moduleapi/blockedclient.tcl ("Busy module
 * command - nested", "Busy module command - normal" and the busy "RM_Call from blocked client"),
 * on every provider, on servers of their own: a busy server would refuse the other tests'
 * commands.
 */
class BusyModuleCommandTest {

    private static final ExampleServers SERVERS = new ExampleServers();
    private static final String BUSY = "-BUSY Slow module operation";
    private static final long BUSY_TIME_LIMIT_MS = 50;

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis r(String provider) throws Exception {
        return new Jedis("127.0.0.1", SERVERS.port(provider), (int) ExampleServers.TIMEOUT.toMillis());
    }

    /** Redis's {@code wait_for_condition}: polls, bounded by {@link ExampleServers#TIMEOUT}. */
    private static void waitForCondition(Supplier<Boolean> condition, Supplier<String> failure)
            throws InterruptedException {
        org.thrjob.modules.testkit.Waits.waitForCondition(condition::get, failure);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Busy module command - nested")
    void busyModuleCommandNested(String provider) throws Exception {
        busyModuleCommand(provider, true);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("Busy module command - normal")
    void busyModuleCommandNormal(String provider) throws Exception {
        busyModuleCommand(provider, false);
    }

    private static void busyModuleCommand(String provider, boolean nested) throws Exception {
        try (Jedis r = r(provider); Jedis rd = Calls.deferringClient(SERVERS.port(provider))) {
            Object old = ((List<?>) call(r, "config", "get", "busy-reply-threshold")).get(1);
            assertEquals("OK", call(r, "config", "set", "busy-reply-threshold", Long.toString(BUSY_TIME_LIMIT_MS)));

            // run command that blocks until released
            long start = System.nanoTime();
            send(rd, nested, "0");
            // send another command after the blocked one, to make sure we don't attempt to process it
            Calls.send(rd, "ping");

            // make sure we get BUSY error, and that we didn't get it too early
            Object[] last = new Object[1];
            waitForCondition(() -> BUSY.equals(last[0] = call(r, "ping")),
                    () -> "Failed waiting for busy slow response (last reply " + last[0] + ")");
            assertTrue(millisSince(start) >= BUSY_TIME_LIMIT_MS, "BUSY came before busy-reply-threshold");
            assertEquals(BUSY, call(r, "set", "k", "v"), "a write is refused too");
            assertEquals("-ERR unknown command 'nosuchcommand', with args beginning with: ",
                    call(r, "nosuchcommand"), "an unknown command is still unknown");

            // abort the blocking operation
            assertEquals(1L, call(r, "stop_slow_fg_command"), "allowed while busy");
            waitForCondition(() -> "PONG".equals(last[0] = call(r, "ping")),
                    () -> "Failed waiting for busy command to end (last reply " + last[0] + ")");
            assertEquals(1L, Calls.read(rd));
            assertEquals("PONG", Calls.read(rd), "the busy client's pipelined PING ran after its command");

            // run command that blocks for 200ms: with no clients served, the others simply wait
            blockedTillTheCommandIsDone(r, rd, nested);

            assertEquals("OK", call(r, "config", "set", "busy-reply-threshold", old.toString()));
        }
    }

    private static void send(Jedis rd, boolean nested, String blockTimeUs) {
        if (nested) {
            Calls.send(rd, "do_rm_call", "slow_fg_command", blockTimeUs);
        } else {
            Calls.send(rd, "slow_fg_command", blockTimeUs);
        }
    }

    /**
     * Redis sends the command, waits 10 ms hoping it has started, then checks that PING waited for
     * it (no BUSY, at least 200 ms). Whether the server read the command before the PING cannot be
     * seen from outside (nothing is served meanwhile), so instead of hoping: the PING never gets
     * BUSY, and if it came back before 200 ms it was read before the command and the round is
     * tried again (bounded). A server that answered during the command would fail every round.
     */
    private static void blockedTillTheCommandIsDone(Jedis r, Jedis rd, boolean nested) throws Exception {
        int rounds = 10;
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            send(rd, nested, "200000");
            assertEquals("PONG", call(r, "ping"), "no BUSY: nobody is served while it runs");
            long waited = millisSince(start);
            assertEquals(1L, Calls.read(rd));
            if (waited >= 200) {
                return;
            }
        }
        throw new AssertionError("in " + rounds + " rounds PING never waited for SLOW_FG_COMMAND 200000");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("RM_Call from blocked client")
    void rmCallFromBlockedClientBusy(String provider) throws Exception {
        try (Jedis r = r(provider); Jedis rd = Calls.deferringClient(SERVERS.port(provider))) {
            Object old = ((List<?>) call(r, "config", "get", "busy-reply-threshold")).get(1);
            assertEquals("OK", call(r, "config", "set", "busy-reply-threshold", Long.toString(BUSY_TIME_LIMIT_MS)));

            assertEquals("OK", call(r, "config", "resetstat"));
            // trigger slow operation
            assertEquals("OK", call(r, "set_slow_bg_operation", "1"));
            call(r, "del", "hash");
            assertEquals(1L, call(r, "hset", "hash", "foo", "bar"));
            long start = System.nanoTime();
            Calls.send(rd, "do_bg_rm_call", "hgetall", "hash");
            // send another command after the blocked one, to make sure we don't attempt to process it
            Calls.send(rd, "ping");

            // wait till we know we're blocked inside the module
            waitForCondition(() -> Long.valueOf(1).equals(call(r, "is_in_slow_bg_operation")),
                    () -> "Failed waiting for slow operation to start");

            // make sure we get BUSY error, and that we didn't get here too early
            assertEquals(BUSY, call(r, "ping"));
            assertTrue(millisSince(start) >= BUSY_TIME_LIMIT_MS, "BUSY came before busy-reply-threshold");
            // abort the blocking operation
            assertEquals("OK", call(r, "set_slow_bg_operation", "0"));

            waitForCondition(() -> Long.valueOf(0).equals(call(r, "is_in_slow_bg_operation")),
                    () -> "Failed waiting for slow operation to stop");
            Object[] last = new Object[1];
            // the job leaves the slow loop, then runs HGETALL and releases the GIL: busy ends there
            waitForCondition(() -> "PONG".equals(last[0] = call(r, "ping")),
                    () -> "the server stayed busy after the slow operation (last reply " + last[0] + ")");

            assertEquals("OK", call(r, "config", "set", "busy-reply-threshold", old.toString()));
            assertEquals(List.of("foo", "bar"), Calls.read(rd));
            assertEquals("PONG", Calls.read(rd));

            // every refusal was a PING's: a rejected call of PING and a BUSY in errorstats, as Redis's
            // rejectCommand counts it
            long busyErrors = statField(r.info("errorstats"), "errorstat_BUSY:count=");
            long rejectedPings = statField(r.info("commandstats"), "rejected_calls=", "cmdstat_ping:");
            assertTrue(busyErrors >= 1, r.info("errorstats"));
            assertEquals(busyErrors, rejectedPings, r.info("commandstats"));
        }
    }

    /** The number after {@code field} in the INFO line that starts with {@code line} (or field). */
    private static long statField(String info, String field, String... line) {
        String prefix = line.length > 0 ? line[0] : field;
        for (String l : info.split("\r\n")) {
            if (l.startsWith(prefix)) {
                int at = l.indexOf(field) + field.length();
                int end = at;
                while (end < l.length() && Character.isDigit(l.charAt(end))) {
                    end++;
                }
                return Long.parseLong(l.substring(at, end));
            }
        }
        throw new AssertionError("no line " + prefix + " in INFO:\n" + info);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.modules.testkit.ExampleServers#providers")
    @DisplayName("busy-reply-threshold: CONFIG GET/SET, its alias lua-time-limit, Redis's default")
    void busyReplyThresholdConfig(String provider) throws Exception {
        try (Jedis r = r(provider)) {
            assertEquals(List.of("busy-reply-threshold", "5000"), call(r, "config", "get", "busy-reply-threshold"));
            assertEquals("OK", call(r, "config", "set", "lua-time-limit", "1234"));
            assertEquals(List.of("busy-reply-threshold", "1234"), call(r, "config", "get", "busy-reply-threshold"));
            assertEquals(List.of("lua-time-limit", "1234"), call(r, "config", "get", "lua-time-limit"));
            assertTrue(call(r, "config", "set", "busy-reply-threshold", "-1").toString()
                    .startsWith("-ERR CONFIG SET failed (possibly related to argument 'busy-reply-threshold')"));
            assertEquals("OK", call(r, "config", "set", "busy-reply-threshold", "5000"));
            assertEquals(List.of("lua-time-limit", "5000"), call(r, "config", "get", "lua-time-limit"));
        }
    }
}
