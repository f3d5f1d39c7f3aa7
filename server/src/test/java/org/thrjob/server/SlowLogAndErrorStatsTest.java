package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * SLOWLOG (Redis's tests/unit/slowlog.tcl, the cases without DEBUG SLEEP) and Redis 7's error
 * statistics: errorstats, total_error_replies, rejected_calls and failed_calls, reset by CONFIG
 * RESETSTAT (tests/unit/info.tcl's errorstats cases), on every provider.
 */
class SlowLogAndErrorStatsTest {

    private static final Servers SERVERS = new Servers("--requirepass", "");

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis connect(String provider) throws Exception {
        Jedis j = new Jedis("127.0.0.1", SERVERS.of(provider).port(), 10_000);
        j.flushAll();
        j.configSet("slowlog-log-slower-than", "10000");
        j.configSet("slowlog-max-len", "128");
        j.sendCommand(Protocol.Command.SLOWLOG, "RESET");
        j.configResetStat();
        return j;
    }

    private static Object call(Jedis j, String... args) {
        Object reply = j.sendCommand(() -> SafeEncoder.encode(args[0]),
                java.util.Arrays.copyOfRange(args, 1, args.length));
        return decode(reply);
    }

    private static Object decode(Object o) {
        if (o instanceof byte[] b) {
            return SafeEncoder.encode(b);
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object e : l) {
                out.add(decode(e));
            }
            return out;
        }
        return o;
    }

    private static String error(Runnable call) {
        return assertThrows(JedisDataException.class, call::run).getMessage();
    }

    private static String infoLine(Jedis j, String section, String prefix) {
        for (String line : j.info(section).split("\r\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void slowlogLogsCommandsSlowerThanTheThresholdWithRedisEntries(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            assertEquals(0L, call(j, "slowlog", "len"), "SLOWLOG - check that it starts with an empty log");
            j.configSet("slowlog-log-slower-than", "0");
            j.clientSetname("foobar");
            j.set("k", "v");
            // SLOWLOG - logged entry sanity check: newest first, Redis's six fields
            List<?> entries = (List<?>) call(j, "slowlog", "get", "1");
            assertEquals(1, entries.size());
            List<?> e = (List<?>) entries.get(0);
            assertEquals(6, e.size(), "id, timestamp, duration, argv, peer, name: " + e);
            long now = System.currentTimeMillis() / 1000;
            assertTrue(Math.abs((Long) e.get(1) - now) <= 5, "timestamp " + e.get(1) + " near " + now);
            assertTrue((Long) e.get(2) >= 0, "duration in microseconds");
            assertEquals(List.of("SET", "k", "v"), e.get(3));
            assertTrue(((String) e.get(4)).startsWith("127.0.0.1:"), "client address: " + e.get(4));
            assertEquals("foobar", e.get(5));
            // SLOWLOG - only logs commands taking more time than specified
            j.configSet("slowlog-log-slower-than", "100000000");
            call(j, "slowlog", "reset");
            j.ping();
            assertEquals(0L, call(j, "slowlog", "len"));
            // SLOWLOG - max entries is correctly handled
            j.configSet("slowlog-log-slower-than", "0");
            j.configSet("slowlog-max-len", "10");
            for (int i = 0; i < 100; i++) {
                j.ping();
            }
            assertEquals(10L, call(j, "slowlog", "len"));
            // SLOWLOG - GET optional argument to limit output len works
            assertEquals(5, ((List<?>) call(j, "slowlog", "get", "5")).size());
            assertEquals(10, ((List<?>) call(j, "slowlog", "get", "-1")).size());
            assertEquals(10, ((List<?>) call(j, "slowlog", "get", "20")).size());
            assertEquals("ERR count should be greater than or equal to -1", error(() -> call(j, "slowlog", "get", "-2")));
            // SLOWLOG - RESET subcommand works
            j.configSet("slowlog-log-slower-than", "100000000");
            assertEquals("OK", call(j, "slowlog", "reset"));
            assertEquals(0L, call(j, "slowlog", "len"));
            // SLOWLOG - can clean older entries
            j.configSet("slowlog-max-len", "128");
            j.configSet("slowlog-log-slower-than", "-1");
            j.ping();
            assertEquals(0L, call(j, "slowlog", "len"), "a negative threshold turns the log off");
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument"
                    + " must be between 0 and " + Long.MAX_VALUE + " inclusive",
                    error(() -> j.configSet("slowlog-max-len", "-1")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void slowlogTrimsLongArgumentListsAndStringsAsRedis(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            j.configSet("slowlog-log-slower-than", "0");
            String[] args = new String[101];
            args[0] = "sadd";
            args[1] = "set";
            for (int i = 2; i < args.length; i++) {
                args[i] = Integer.toString(i - 1);
            }
            call(j, args);
            String big = "x".repeat(200);
            call(j, "set", "s", big);
            List<?> entries = (List<?>) call(j, "slowlog", "get", "2");
            List<?> setEntry = (List<?>) ((List<?>) entries.get(0)).get(3);
            assertEquals(List.of("set", "s", "x".repeat(128) + "... (72 more bytes)"), setEntry);
            List<?> sadd = (List<?>) ((List<?>) entries.get(1)).get(3);
            assertEquals(32, sadd.size(), "SLOWLOG - too long arguments are trimmed");
            assertEquals("... (70 more arguments)", sadd.get(31));
            assertEquals("29", sadd.get(30));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void errorstatsCountErrorRepliesByCodeAndCommandstatsSplitRejectedFromFailed(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            // errors stats for GEOADD / failed call: a command that ran and replied an error
            j.lpush("list", "a");
            assertTrue(error(() -> j.get("list")).startsWith("WRONGTYPE"));
            assertEquals("count=1", infoLine(j, "errorstats", "errorstat_WRONGTYPE:"));
            assertTrue(infoLine(j, "commandstats", "cmdstat_get:").endsWith("rejected_calls=0,failed_calls=1"));
            // rejected: wrong arity is refused before running
            error(() -> j.sendCommand(Protocol.Command.GET));
            assertTrue(infoLine(j, "commandstats", "cmdstat_get:").startsWith("calls=1,"));
            assertTrue(infoLine(j, "commandstats", "cmdstat_get:").endsWith("rejected_calls=1,failed_calls=1"));
            // an unknown command counts as an ERR reply, in no command's stats
            error(() -> call(j, "nosuchcommand"));
            assertEquals("count=2", infoLine(j, "errorstats", "errorstat_ERR:"));
            assertEquals("3", infoLine(j, "stats", "total_error_replies:"));
            // CONFIG RESETSTAT clears them all
            j.configResetStat();
            assertEquals("0", infoLine(j, "stats", "total_error_replies:"));
            assertEquals(null, infoLine(j, "errorstats", "errorstat_ERR:"));
            assertEquals(null, infoLine(j, "commandstats", "cmdstat_get:"));
            assertTrue(j.info().contains("# Errorstats"), "errorstats is a default section, as in Redis 7");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void errorsOfConnectionCommandsAndInsideExecAreCounted(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            // errorstats: failed call within MULTI/EXEC
            j.lpush("list", "a");
            assertEquals("OK", call(j, "multi"));
            assertEquals("QUEUED", call(j, "get", "list"));
            assertEquals("QUEUED", call(j, "set", "k", "v"));
            List<?> exec = (List<?>) j.sendCommand(Protocol.Command.EXEC);
            assertEquals(2, exec.size());
            assertEquals("count=1", infoLine(j, "errorstats", "errorstat_WRONGTYPE:"));
            // the server's own replies: EXEC without MULTI, AUTH with a wrong password
            assertEquals("ERR EXEC without MULTI", error(() -> call(j, "exec")));
            assertTrue(error(() -> call(j, "auth", "nouser", "nopass")).startsWith("WRONGPASS"));
            assertEquals("count=1", infoLine(j, "errorstats", "errorstat_ERR:"));
            assertEquals("count=1", infoLine(j, "errorstats", "errorstat_WRONGPASS:"));
            assertEquals("3", infoLine(j, "stats", "total_error_replies:"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void noauthIsARejectedCallCountedAsNoauthError(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            j.configSet("requirepass", "secret");
            try (Jedis other = new Jedis("127.0.0.1", SERVERS.of(provider).port(), 10_000)) {
                assertTrue(error(() -> other.set("k", "v")).startsWith("NOAUTH"));
            }
            j.auth("secret");
            j.configSet("requirepass", "");
            // the client library's own handshake (CLIENT SETINFO) is refused too: at least one
            String noauth = infoLine(j, "errorstats", "errorstat_NOAUTH:");
            assertTrue(noauth != null && noauth.matches("count=[1-9][0-9]*"), "errorstat_NOAUTH: " + noauth);
            assertTrue(infoLine(j, "commandstats", "cmdstat_set:").endsWith("rejected_calls=1,failed_calls=0"),
                    infoLine(j, "commandstats", "cmdstat_set:"));
        }
    }
}
