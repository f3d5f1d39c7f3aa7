package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.SaveMode;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ShutdownParams;

/**
 * SHUTDOWN SAVE writes the data set to {@code dir/appendfilename} even with {@code appendonly no}
 * (there is no RDB to save), SHUTDOWN NOSAVE and a bare SHUTDOWN write nothing then, and a bad
 * combination is a syntax error.
 */
class ShutdownSaveTest {

    @TempDir
    Path dir;

    private RedisServer start(String provider, String... extra) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        List<String> args = new java.util.ArrayList<>(List.of("--port", "0", "--provider", provider, "--dir",
                dir.toString()));
        args.addAll(List.of(extra));
        return Servers.start(args.toArray(new String[0]));
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void saveWritesTheDataSetForARestart_nosaveDoesNot(String provider) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        RedisServer server = start(provider);
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 30_000)) {
            j.set("k", "v");
            j.rpush("l", "a", "b");
            assertEquals("ERR syntax error",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(Protocol.Command.SHUTDOWN, "SAVE", "NOSAVE")).getMessage());
            assertEquals("ERR syntax error",
                    assertThrows(JedisDataException.class, () -> j.sendCommand(Protocol.Command.SHUTDOWN, "LATER")).getMessage());
            assertEquals("PONG", j.ping(), "a refused SHUTDOWN keeps serving");
            j.shutdown(ShutdownParams.shutdownParams().saveMode(SaveMode.SAVE));
        }
        assertTrue(server.awaitStopped(Servers.TIMEOUT), "SHUTDOWN SAVE stopped the server");
        assertTrue(Files.size(file) > 0, "SHUTDOWN SAVE wrote the data set");

        RedisServer restarted = start(provider, "--appendonly", "yes");
        try (Jedis j = new Jedis("127.0.0.1", restarted.port(), 30_000)) {
            assertEquals("v", j.get("k"));
            assertEquals(List.of("a", "b"), j.lrange("l", 0, -1));
            j.flushAll();
            j.set("only", "in the file");
            j.shutdown(ShutdownParams.shutdownParams().saveMode(SaveMode.NOSAVE));
        }
        assertTrue(restarted.awaitStopped(Servers.TIMEOUT));
        assertTrue(Files.readString(file).contains("only"), "with appendonly yes, NOSAVE still syncs the file");

        Files.delete(file);
        RedisServer plain = start(provider);
        try (Jedis j = new Jedis("127.0.0.1", plain.port(), 30_000)) {
            j.set("k", "v");
            j.shutdown(ShutdownParams.shutdownParams().saveMode(SaveMode.NOSAVE));
        }
        assertTrue(plain.awaitStopped(Servers.TIMEOUT));
        assertFalse(Files.exists(file), "NOSAVE with appendonly no writes nothing");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void saveThatCannotWrite_refusesToShutDown_unlessForced(String provider) throws Exception {
        // The file's place is taken by a directory: the rename over it fails.
        Files.createDirectory(dir.resolve("appendonly.aof"));
        Files.writeString(dir.resolve("appendonly.aof").resolve("keep"), "x");
        RedisServer server = start(provider);
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 30_000)) {
            j.set("k", "v");
            assertEquals("ERR Errors trying to SHUTDOWN. Check logs.", assertThrows(JedisDataException.class,
                    () -> j.sendCommand(Protocol.Command.SHUTDOWN, "SAVE")).getMessage());
            assertEquals("v", j.get("k"), "still serving");
            j.shutdown(ShutdownParams.shutdownParams().saveMode(SaveMode.SAVE).force());
        }
        assertTrue(server.awaitStopped(Servers.TIMEOUT), "SHUTDOWN SAVE FORCE stopped it anyway");
    }
}
