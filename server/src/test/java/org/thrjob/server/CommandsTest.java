package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.KeyValue;
import redis.clients.jedis.resps.ScanResult;

/** Every command of the server through Jedis, with Redis's replies and error texts, on every provider. */
class CommandsTest {

    private static final Servers SERVERS = new Servers();

    @AfterAll
    static void stopServers() throws InterruptedException {
        SERVERS.close();
    }

    private static Jedis connect(String provider) throws Exception {
        Jedis jedis = new Jedis("127.0.0.1", SERVERS.of(provider).port(), 10_000);
        jedis.flushAll();
        return jedis;
    }

    private static String error(Runnable call) {
        return assertThrows(JedisDataException.class, call::run).getMessage();
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void strings(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            assertEquals("PONG", j.ping());
            assertEquals("hi", j.echo("hi"));
            assertEquals("OK", j.set("k", "v"));
            assertEquals("v", j.get("k"));
            assertNull(j.get("missing"));
            assertNull(j.set("k", "w", SetParams.setParams().nx()));
            assertEquals("OK", j.set("k", "w", SetParams.setParams().xx()));
            assertNull(j.set("nokey", "w", SetParams.setParams().xx()));
            assertEquals("OK", j.set("e", "1", SetParams.setParams().ex(100)));
            assertTrue(j.ttl("e") > 90 && j.ttl("e") <= 100, "TTL after SET EX 100");
            assertEquals("OK", j.set("p", "1", SetParams.setParams().px(100_000)));
            assertTrue(j.pttl("p") > 90_000);
            assertEquals("ERR invalid expire time in 'set' command", error(() -> j.set("e", "1", SetParams.setParams().ex(0))));
            assertEquals("ERR syntax error", error(() -> j.sendCommand(Protocol.Command.SET, "a", "b", "NX", "XX")));
            assertEquals(1, j.incr("n"));
            assertEquals(0, j.decr("n"));
            assertEquals("ERR value is not an integer or out of range", error(() -> j.incr("k")));
            j.set("max", Long.toString(Long.MAX_VALUE));
            assertEquals("ERR increment or decrement would overflow", error(() -> j.incr("max")));
            assertEquals("OK", j.mset("a", "1", "b", "2"));
            assertEquals(java.util.Arrays.asList("1", "2", null), j.mget("a", "b", "c"));
            assertEquals("ERR wrong number of arguments for 'mset' command", error(() -> j.sendCommand(Protocol.Command.MSET, "a", "1", "b")));
            j.lpush("list", "x");
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error(() -> j.get("list")));
            assertEquals("ERR unknown command 'NOSUCH', with args beginning with: 'a' ",
                    error(() -> j.sendCommand(() -> "NOSUCH".getBytes(), "a")));
            assertEquals("ERR wrong number of arguments for 'get' command", error(() -> j.sendCommand(Protocol.Command.GET)));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void keys(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            j.mset("a", "1", "b", "2", "c", "3");
            assertEquals(3, j.dbSize());
            assertEquals(2, j.exists("a", "b", "zz"));
            assertEquals("string", j.type("a"));
            assertEquals("none", j.type("zz"));
            j.sadd("s", "m");
            assertEquals("set", j.type("s"));
            assertEquals(Set.of("a", "b", "c", "s"), j.keys("*"));
            assertEquals(Set.of("a"), j.keys("[a]"));
            assertEquals(1, j.del("a", "zz"));
            assertEquals(1, j.unlink("b"));
            assertEquals(-2, j.ttl("a"));
            assertEquals(-1, j.ttl("c"));
            assertEquals(1, j.expire("c", 100));
            assertTrue(j.ttl("c") > 0);
            assertEquals(0, j.expire("zz", 100));
            assertEquals(1, j.expire("c", -1));
            assertFalse(j.exists("c"));
            j.set("gone", "1", SetParams.setParams().px(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (j.exists("gone")) {
                assertTrue(System.nanoTime() < deadline, "a key with PX 1 never expired");
            }
            for (int i = 0; i < 300; i++) {
                j.set("short:" + i, "v", SetParams.setParams().px(1 + i % 5));
            }
            j.set("long", "v", SetParams.setParams().ex(1000));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (j.dbSize() > 2) { // s and long stay; the others go without being touched
                assertTrue(System.nanoTime() < deadline, "the active expiry left " + j.dbSize() + " keys");
                Thread.onSpinWait();
            }
            assertEquals(1, j.del("long"));
            Set<String> all = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                j.set("key:" + i, "v");
            }
            String cursor = "0";
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().match("key:*").count(7));
                all.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(100, all.size());
            assertEquals("OK", j.select(3));
            assertEquals(0, j.dbSize());
            j.set("in3", "x");
            assertEquals("ERR DB index is out of range", error(() -> j.select(16)));
            assertEquals("OK", j.swapDB(0, 3));
            assertEquals(102 - 1, j.dbSize()); // db 3 now holds what db 0 held: s and the 100 keys
            assertEquals("OK", j.select(0));
            assertEquals("x", j.get("in3"));
            assertEquals("ERR invalid first DB index", error(() -> j.sendCommand(Protocol.Command.SWAPDB, "x", "1")));
            assertEquals("OK", j.flushDB());
            assertEquals(0, j.dbSize());
            assertEquals("ERR syntax error", error(() -> j.sendCommand(Protocol.Command.FLUSHALL, "LATER")));
            assertEquals("OK", new String((byte[]) j.sendCommand(Protocol.Command.FLUSHALL, "SYNC")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void listsHashesSets(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            assertEquals(2, j.lpush("l", "a", "b"));
            assertEquals(4, j.rpush("l", "c", "d"));
            assertEquals(List.of("b", "a", "c", "d"), j.lrange("l", 0, -1));
            assertEquals(List.of("a", "c"), j.lrange("l", 1, 2));
            assertEquals(List.of(), j.lrange("l", 10, 20));
            assertEquals(4, j.llen("l"));
            assertEquals("b", j.lpop("l"));
            assertEquals("d", j.rpop("l"));
            assertEquals(List.of("a", "c"), j.lpop("l", 5));
            assertFalse(j.exists("l"), "an emptied list is deleted");
            assertNull(j.lpop("l"));
            assertEquals(0, j.llen("l"));
            assertEquals(2, j.hset("h", Map.of("f1", "v1", "f2", "v2")));
            assertEquals(0, j.hset("h", "f1", "v3"));
            assertEquals("v3", j.hget("h", "f1"));
            assertNull(j.hget("h", "nope"));
            assertEquals(Map.of("f1", "v3", "f2", "v2"), j.hgetAll("h"));
            assertEquals(1, j.hdel("h", "f1", "nope"));
            assertEquals(2, j.sadd("s", "a", "b", "a"));
            assertEquals(1, j.srem("s", "a", "z"));
            assertEquals(1, j.scard("s"));
            assertEquals(Set.of("b"), j.smembers("s"));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error(() -> j.sadd("h", "x")));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error(() -> j.lpush("s", "x")));
            assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", error(() -> j.hget("s", "x")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void blockingPops(String provider) throws Exception {
        int port = SERVERS.of(provider).port();
        try (Jedis j = connect(provider); Jedis blocked = new Jedis("127.0.0.1", port, 30_000)) {
                        assertNull(j.blpop(0.05, "empty"), "BLPOP times out with null");
            j.rpush("ready", "x");
            assertEquals(List.of("ready", "x"), j.blpop(0, "ready"));
            for (int round = 0; round < 20; round++) {
                long id = blocked.clientId();
                boolean left = round % 2 == 0;
                CompletableFuture<KeyValue<String, String>> pop = CompletableFuture.supplyAsync(
                        () -> left ? blocked.blpop(20.0, "q1", "q2") : blocked.brpop(20.0, "q1", "q2"));
                waitBlocked(j, id);
                j.rpush("q2", "a" + round, "b" + round);
                KeyValue<String, String> got = pop.get(30, TimeUnit.SECONDS);
                assertEquals("q2", got.getKey());
                assertEquals(round % 2 == 0 ? "a" + round : "b" + round, got.getValue());
                j.del("q2");
            }
            long id = blocked.clientId();
            CompletableFuture<List<String>> pop = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "never"));
            waitBlocked(j, id);
            assertEquals(1, j.clientUnblock(id));
            assertNull(pop.get(30, TimeUnit.SECONDS), "CLIENT UNBLOCK ends a BLPOP with its timeout reply");
            long id2 = blocked.clientId();
            CompletableFuture<List<String>> pop2 = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "never"));
            waitBlocked(j, id2);
            assertEquals(1, j.clientUnblock(id2, redis.clients.jedis.args.UnblockType.ERROR));
            java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> pop2.get(30, TimeUnit.SECONDS));
            assertEquals("UNBLOCKED client unblocked via CLIENT UNBLOCK", failed.getCause().getMessage());
            assertEquals("ERR timeout is negative", error(() -> j.blpop(-1, "x")));
            try (java.net.Socket raw = new java.net.Socket("127.0.0.1", port)) {
                raw.setSoTimeout(30_000);
                raw.getOutputStream().write("BLPOP none 0.01\r\nLPOP none 2\r\nLPOP none\r\n".getBytes());
                byte[] expected = "*-1\r\n*-1\r\n$-1\r\n".getBytes();
                assertEquals(new String(expected), new String(raw.getInputStream().readNBytes(expected.length)),
                        "RESP2 null arrays where Redis sends them, a null bulk elsewhere");
            }
            assertEquals("ERR timeout is not a float or out of range",
                    error(() -> j.sendCommand(Protocol.Command.BLPOP, "x", "soon")));
        }
    }

    /** Waits until the client shows as blocked in INFO. */
    static void waitBlocked(Jedis j, long id) {
        long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
        while (!j.info("clients").contains("blocked_clients:1")) {
            assertTrue(System.nanoTime() < deadline, "client " + id + " never blocked");
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void transactions(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            Transaction t = j.multi();
            t.set("a", "1");
            t.incr("a");
            t.blpop(1, "nothing");
            t.get("a");
            List<Object> results = t.exec();
            assertEquals(4, results.size());
            assertEquals("OK", results.get(0));
            assertEquals(2L, results.get(1));
            assertNull(results.get(2), "BLPOP inside MULTI does not block");
            assertEquals("2", results.get(3));
            assertEquals("ERR EXEC without MULTI", error(() -> j.sendCommand(Protocol.Command.EXEC)));
            assertEquals("ERR DISCARD without MULTI", error(() -> j.sendCommand(Protocol.Command.DISCARD)));
            j.sendCommand(Protocol.Command.MULTI);
            assertEquals("ERR MULTI calls can not be nested", error(() -> j.sendCommand(Protocol.Command.MULTI)));
            assertEquals("QUEUED", new String((byte[]) j.sendCommand(Protocol.Command.SET, "b", "1")));
            assertEquals("OK", new String((byte[]) j.sendCommand(Protocol.Command.DISCARD)));
            assertFalse(j.exists("b"));
            j.sendCommand(Protocol.Command.MULTI);
            error(() -> j.sendCommand(Protocol.Command.GET));
            assertEquals("EXECABORT Transaction discarded because of previous errors.",
                    error(() -> j.sendCommand(Protocol.Command.EXEC)));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void clientAndServerCommands(String provider) throws Exception {
        try (Jedis j = connect(provider); Jedis other = new Jedis("127.0.0.1", SERVERS.of(provider).port(), 10_000)) {
            long id = j.clientId();
            assertTrue(id > 0);
            assertNull(j.clientGetname());
            assertEquals("OK", j.clientSetname("me"));
            assertEquals("me", j.clientGetname());
            assertEquals("ERR Client names cannot contain spaces, newlines or special characters.",
                    error(() -> j.clientSetname("a b")));
            other.ping();
            String list = j.clientList();
            assertTrue(list.contains("id=" + id + " ") && list.contains("name=me"), list);
            assertEquals(1, j.clientKill(new redis.clients.jedis.params.ClientKillParams().id(Long.toString(other.clientId()))));
            assertThrows(redis.clients.jedis.exceptions.JedisConnectionException.class, other::ping);
            assertEquals(0, j.clientUnblock(id), "a client that is not blocked is not unblocked");
            Map<String, String> config = j.configGet("append*");
            assertEquals(Set.of("appendonly", "appendfilename", "appendfsync"), config.keySet());
            assertEquals("10000", j.configGet("maxclients").get("maxclients"));
            assertEquals(Map.of("save", ""), j.configGet("save"), "redis-benchmark asks for it");
            assertEquals("OK", j.configSet("appendfsync", "always"));
            assertEquals("always", j.configGet("appendfsync").get("appendfsync"));
            j.configSet("appendfsync", "everysec");
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config",
                    error(() -> j.configSet("databases", "1")));
            assertTrue(error(() -> j.configSet("appendfsync", "sometimes")).startsWith(
                    "ERR CONFIG SET failed (possibly related to argument 'appendfsync')"));
            j.set("x", "1");
            assertTrue(j.info("commandstats").contains("cmdstat_set:calls="));
            assertEquals("OK", j.configResetStat());
            assertFalse(j.info("commandstats").contains("cmdstat_set:"), "RESETSTAT zeroes the command counters");
            String info = j.info();
            for (String field : List.of("redis_version:", "connected_clients:", "blocked_clients:", "used_memory:",
                    "aof_last_write_status:ok", "aof_pending_bio_fsync:", "aof_delayed_fsync:",
                    "lazyfree_pending_objects:", "lazyfreed_objects:", "thr_provider:" + provider,
                    "thr_parallelism:", "bio_aof_fsync:pending=", "bio_lazy_free:pending=", "oldest_pending_age_ms=")) {
                assertTrue(info.contains(field), "INFO lacks " + field + ":\n" + info);
            }
            assertTrue(j.commandCount() >= 50);
            Object docs = j.sendCommand(Protocol.Command.COMMAND, "DOCS", "get");
            assertEquals(2, ((List<?>) docs).size(), "COMMAND DOCS get: a name and its doc map");
            List<?> modules = (List<?>) j.sendCommand(Protocol.Command.MODULE, "LIST");
            assertEquals(0, modules.size());
            assertEquals("ERR AUTH <password> called without any password configured for the default user."
                    + " Are you sure your configuration is correct?", error(() -> j.auth("x")));
            Object hello = j.sendCommand(Protocol.Command.HELLO, "2");
            assertEquals(14, ((List<?>) hello).size(), "HELLO 2: a flat map of 7 pairs");
            assertEquals("NOPROTO unsupported protocol version", error(() -> j.sendCommand(Protocol.Command.HELLO, "4")));
            assertEquals("OK", new String((byte[]) j.sendCommand(() -> "QUIT".getBytes())));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void resp3AfterHello3(String provider) throws Exception {
        connect(provider).close(); // flushes
        redis.clients.jedis.JedisClientConfig resp3 = redis.clients.jedis.DefaultJedisClientConfig.builder()
                .protocol(redis.clients.jedis.RedisProtocol.RESP3).socketTimeoutMillis(10_000).build();
        try (Jedis j = new Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", SERVERS.of(provider).port()), resp3)) {
            j.hset("h", Map.of("a", "1", "b", "2"));
            j.sadd("s", "x", "y");
            assertEquals(Map.of("a", "1", "b", "2"), j.hgetAll("h"));
            assertEquals(Set.of("x", "y"), j.smembers("s"));
            assertNull(j.get("nothing"));
            assertNull(j.blpop(0.01, "nothing"));
            Object raw = j.sendCommand(Protocol.Command.HGETALL, "h");
            assertTrue(raw instanceof List && ((List<?>) raw).get(0) instanceof redis.clients.jedis.util.KeyValue,
                    "HGETALL answers a RESP3 map: " + raw);
            assertTrue(j.clientList().contains("resp=3"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void lazyFreeThroughBio(String provider) throws Exception {
        try (Jedis j = connect(provider)) {
            long before = lazyfreed(j);
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                members.add("m" + i);
            }
            j.sadd("big", members.toArray(new String[0]));
            j.sadd("small", "x");
            assertEquals(2, j.unlink("big", "small"));
            j.rpush("big2", members.toArray(new String[0]));
            j.sendCommand(Protocol.Command.FLUSHALL, "ASYNC");
            long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
            while (lazyfreed(j) < before + 2) {
                assertTrue(System.nanoTime() < deadline, "bio never freed the big set and the flushed db");
                Thread.onSpinWait();
            }
            assertEquals(0, j.dbSize());
        }
    }

    private static long lazyfreed(Jedis j) {
        for (String line : j.info("stats").split("\r\n")) {
            if (line.startsWith("lazyfreed_objects:")) {
                return Long.parseLong(line.substring("lazyfreed_objects:".length()));
            }
        }
        throw new AssertionError("INFO stats has no lazyfreed_objects");
    }
}
