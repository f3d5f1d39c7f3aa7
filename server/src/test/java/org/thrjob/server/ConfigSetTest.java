package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** CONFIG SET of every option Redis changes at run time, with Redis's error texts, and CONFIG GET's globs. */
class ConfigSetTest {

    private static final String FAILED = "ERR CONFIG SET failed (possibly related to argument '";

    @TempDir
    Path dir;

    private RedisServer start(String provider, String... extra) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--provider", provider, "--dir",
                dir.toString()));
        args.addAll(List.of(extra));
        return Servers.start(args.toArray(new String[0]));
    }

    private static String error(Runnable call) {
        return assertThrows(JedisDataException.class, call::run).getMessage();
    }

    private static Jedis connect(RedisServer server) {
        return new Jedis("127.0.0.1", server.port(), 30_000);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void badValuesAndImmutableOptions_getRedisErrors_andChangeNothing(String provider) throws Exception {
        RedisServer server = start(provider);
        try (Jedis j = connect(server)) {
            assertEquals("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'",
                    error(() -> j.configSet("nosuch", "1")));
            for (String immutable : List.of("databases", "appendfilename", "provider",
                    "enable-protected-configs")) {
                assertEquals(FAILED + immutable + "') - can't set immutable config",
                        error(() -> j.configSet(immutable, "1")));
            }
            assertEquals(FAILED + "dir') - can't set protected config", error(() -> j.configSet("dir", dir.toString())));
            assertEquals(FAILED + "appendonly') - argument must be 'yes' or 'no'", error(() -> j.configSet("appendonly", "maybe")));
            assertEquals(FAILED + "appendfsync') - argument(s) must be one of the following: always, everysec, no",
                    error(() -> j.configSet("appendfsync", "sometimes")));
            assertEquals(FAILED + "maxclients') - argument couldn't be parsed into an integer",
                    error(() -> j.configSet("maxclients", "many")));
            assertEquals(FAILED + "maxclients') - argument must be between 1 and 1000000 inclusive",
                    error(() -> j.configSet("maxclients", "0")));
            assertEquals(FAILED + "port') - argument must be between 0 and 65535 inclusive",
                    error(() -> j.configSet("port", "70000")));
            assertEquals(FAILED + "bind') - Too many bind addresses specified.",
                    error(() -> j.configSet("bind", "127.0.0.1 ::1")));
            assertEquals(FAILED + "timeout') - argument must be between 0 and 2147483647 inclusive",
                    error(() -> j.configSet("timeout", "-1")));
            assertEquals(FAILED + "client-output-buffer-limit') - Wrong number of arguments in buffer limit configuration.",
                    error(() -> j.configSet("client-output-buffer-limit", "normal 1mb 0")));
            assertEquals(FAILED + "client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.",
                    error(() -> j.configSet("client-output-buffer-limit", "nobody 1mb 0 0")));
            assertEquals(FAILED + "client-output-buffer-limit') - Error in hard, soft or soft_seconds setting in buffer"
                    + " limit configuration.", error(() -> j.configSet("client-output-buffer-limit", "normal lots 0 0")));
            assertTrue(error(() -> j.configSet("save", "3600 1")).startsWith(FAILED + "save') - Invalid save parameters"));
            assertEquals(FAILED + "timeout') - duplicate parameter",
                    error(() -> j.sendCommand(Protocol.Command.CONFIG, "SET", "timeout", "5", "timeout", "6")));
            // All pairs are checked before any is applied.
            assertTrue(error(() -> j.sendCommand(Protocol.Command.CONFIG, "SET", "timeout", "5", "maxclients", "x"))
                    .startsWith(FAILED + "maxclients')"));
            assertEquals("0", j.configGet("timeout").get("timeout"), "a refused CONFIG SET changed nothing");
            assertEquals("ERR wrong number of arguments for 'config|set' command",
                    error(() -> j.sendCommand(Protocol.Command.CONFIG, "SET", "timeout")));
            // Several pairs at once, and save "" (the one value there is).
            assertEquals("OK", j.sendCommand(Protocol.Command.CONFIG, "SET", "timeout", "300", "appendfsync", "no",
                    "save", "") instanceof byte[] b ? new String(b) : "not a simple string");
            assertEquals(Map.of("timeout", "300", "appendfsync", "no"), j.configGet("timeout", "appendfsync"));
        } finally {
            Servers.stop(server);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void configGetMatchesGlobsOnEveryOption(String provider) throws Exception {
        RedisServer server = start(provider);
        try (Jedis j = connect(server)) {
            assertEquals(Set.copyOf(ServerConfig.NAMES), j.configGet("*").keySet());
            assertEquals(Set.of("appendonly", "appendfilename", "appendfsync"), j.configGet("append*").keySet());
            assertEquals(Set.of("maxclients", "timeout"), j.configGet("max?lients", "t[i]meout").keySet());
            assertEquals(Map.of("client-output-buffer-limit", "normal 0 0 0"), j.configGet("CLIENT-OUTPUT-*"));
            assertEquals(Map.of(), j.configGet("nothing*"));
            for (String name : ServerConfig.NAMES) {
                assertEquals(Set.of(name), j.configGet(name).keySet(), "CONFIG GET " + name);
            }
        } finally {
            Servers.stop(server);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void maxclientsTimeoutOutputLimitAndRequirepass_changeLive(String provider) throws Exception {
        RedisServer server = start(provider);
        try (Jedis admin = connect(server)) {
            assertEquals("OK", admin.configSet("maxclients", "1"));
            try (java.net.Socket refused = new java.net.Socket("127.0.0.1", server.port())) {
                refused.setSoTimeout(Math.toIntExact(Servers.TIMEOUT.toMillis()));
                assertEquals("-ERR max number of clients reached\r\n",
                        new String(refused.getInputStream().readAllBytes()));
            }
            assertEquals("OK", admin.configSet("maxclients", "5"));
            try (Jedis second = connect(server)) {
                assertEquals("PONG", second.ping(), "served once maxclients was raised");
            }

            assertEquals("OK", admin.configSet("client-output-buffer-limit", "normal 1mb 0 0"));
            assertEquals("normal 1048576 0 0", admin.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            admin.set("big", "x".repeat(2 * 1024 * 1024));
            try (Jedis reader = connect(server)) {
                assertThrows(JedisConnectionException.class, () -> reader.get("big"), "closed over the hard limit");
            }
            assertEquals("OK", admin.configSet("client-output-buffer-limit", "normal 0 0 0 pubsub 32mb 8mb 60"));
            try (Jedis reader = connect(server)) {
                assertEquals(2 * 1024 * 1024, reader.get("big").length(), "no limit any more");
            }

            assertEquals("OK", admin.configSet("requirepass", "s3cret"));
            try (Jedis stranger = connect(server)) {
                assertEquals("NOAUTH Authentication required.", error(stranger::ping));
                assertEquals("OK", stranger.auth("s3cret"));
                assertEquals("PONG", stranger.ping());
            }
            assertEquals("PONG", admin.ping(), "a connected client stays authenticated");
            assertEquals("OK", admin.configSet("requirepass", ""));

            assertEquals("OK", admin.configSet("timeout", "1"));
            try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port())) {
                idle.setSoTimeout(Math.toIntExact(Servers.TIMEOUT.toMillis()));
                idle.getOutputStream().write("PING\r\n".getBytes());
                assertEquals("+PONG\r\n", new String(idle.getInputStream().readNBytes(7)));
                assertEquals(-1, idle.getInputStream().read(), "timeout 1 closed the idle client");
            }
        } finally {
            Servers.stop(server);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void portMovesTheListener_keepsConnectedClients_andABusyPortChangesNothing(String provider) throws Exception {
        RedisServer server = start(provider);
        try (Jedis j = connect(server)) {
            int oldPort = server.port();
            int newPort;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                newPort = probe.getLocalPort();
            }
            assertEquals("OK", j.configSet("port", Integer.toString(newPort)));
            assertEquals(Integer.toString(newPort), j.configGet("port").get("port"));
            assertEquals(newPort, server.port());
            assertEquals("PONG", j.ping(), "the connected client stays");
            try (Jedis moved = new Jedis("127.0.0.1", newPort, 30_000)) {
                assertEquals("PONG", moved.ping());
            }
            assertThrows(java.io.IOException.class, () -> new java.net.Socket("127.0.0.1", oldPort).close());
            try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                assertEquals(FAILED + "port') - Unable to listen on this port", error(() -> j.sendCommand(
                        Protocol.Command.CONFIG, "SET", "port", Integer.toString(busy.getLocalPort()), "timeout", "7")));
            }
            assertEquals(Map.of("port", Integer.toString(newPort), "timeout", "0"), j.configGet("port", "timeout"),
                    "a port that cannot be bound changes nothing, not even the other pairs");
            assertEquals("OK", j.configSet("bind", "127.0.0.1"));
        } finally {
            Servers.stop(server);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void appendonlyYesWritesTheDataSet_noStopsAppending_andARestartReplaysIt(String provider) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        RedisServer server = start(provider);
        try (Jedis j = connect(server)) {
            j.set("s", "v");
            j.rpush("l", "a", "b", "c");
            for (int i = 0; i < 100; i++) {
                j.hset("h", "f" + i, "v" + i);
                j.sadd("set", "m" + i);
            }
            j.select(3);
            j.set("ttl", "t");
            j.expire("ttl", 1000);
            j.select(0);
            assertFalse(Files.exists(file));
            assertTrue(j.info("persistence").contains("aof_enabled:0"));
            assertEquals("OK", j.configSet("appendonly", "yes"));
            assertTrue(j.info("persistence").contains("aof_enabled:1"));
            assertEquals("yes", j.configGet("appendonly").get("appendonly"));
            j.rpush("l", "d");
            assertEquals("OK", j.configSet("appendonly", "no"));
            long size = Files.size(file);
            j.set("after", "not in the file");
            assertEquals(size, Files.size(file), "nothing is appended once appendonly is no");
            assertEquals("OK", j.configSet("appendonly", "no"), "no twice is harmless");
        } finally {
            Servers.stop(server);
        }
        RedisServer restarted = start(provider, "--appendonly", "yes");
        try (Jedis j = connect(restarted)) {
            assertEquals("v", j.get("s"));
            assertEquals(List.of("a", "b", "c", "d"), j.lrange("l", 0, -1));
            assertEquals(100, j.hgetAll("h").size());
            assertEquals("v99", j.hget("h", "f99"));
            assertEquals(100, j.scard("set"));
            assertEquals(null, j.get("after"));
            j.select(3);
            assertEquals("t", j.get("ttl"));
            long ttl = j.ttl("ttl");
            assertTrue(ttl > 900 && ttl <= 1000, "the time to live was kept: " + ttl);
        } finally {
            Servers.stop(restarted);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void dirIsProtected_unlessEnabled_thenMovesTheNextAppendOnlyFile(String provider) throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        RedisServer server = start(provider, "--enable-protected-configs", "yes");
        try (Jedis j = connect(server)) {
            assertEquals(FAILED + "dir') - No such file or directory",
                    error(() -> j.configSet("dir", dir.resolve("missing").toString())));
            Path plainFile = Files.writeString(dir.resolve("plain"), "x");
            assertEquals(FAILED + "dir') - Not a directory", error(() -> j.configSet("dir", plainFile.toString())));
            assertEquals("OK", j.configSet("dir", other.toString()));
            assertEquals(other.toString(), j.configGet("dir").get("dir"));
            j.set("k", "v");
            assertEquals("OK", j.configSet("appendonly", "yes"));
            assertTrue(Files.size(other.resolve("appendonly.aof")) > 0, "the file is made in the new dir");
            assertFalse(Files.exists(dir.resolve("appendonly.aof")));
        } finally {
            Servers.stop(server);
        }
    }
}
