package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The options reach the parts: a config file, maxclients, timeout, databases; files stay inside dir. */
class OptionsTest {

    @TempDir
    Path dir;

    @Test
    void configFileOptionsAreApplied() throws Exception {
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "# as redis.conf\nport 0\nmaxclients 2\ntimeout 1\ndatabases 4\n"
                + "client-output-buffer-limit normal 64mb 32mb 60\n"
                + "client-output-buffer-limit replica 256mb 64mb 60\n" // as in Redis's own redis.conf
                + "client-output-buffer-limit pubsub 32mb 8mb 60\n");
        RedisServer server = Servers.start(conf.toString());
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port());
                Jedis first = new Jedis("127.0.0.1", server.port(), 10_000)) {
            idle.setSoTimeout(Math.toIntExact(Servers.TIMEOUT.toMillis()));
            idle.getOutputStream().write("PING\r\n".getBytes());
            assertEquals("+PONG\r\n", new String(idle.getInputStream().readNBytes(7)));
            assertEquals("PONG", first.ping());
            try (java.net.Socket third = new java.net.Socket("127.0.0.1", server.port())) {
                third.setSoTimeout(Math.toIntExact(Servers.TIMEOUT.toMillis()));
                // refused at once, before it sends anything, as Redis does
                assertEquals("-ERR max number of clients reached\r\n",
                        new String(third.getInputStream().readAllBytes()));
            }
            assertEquals("ERR DB index is out of range", assertThrows(JedisDataException.class, () -> first.select(4)).getMessage());
            assertEquals("normal 64mb 32mb 60", first.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            // timeout 1: the server closes the idle client (read returns end of stream) within the bound
            assertEquals(-1, idle.getInputStream().read(), "the idle client was not closed");
        } finally {
            Servers.stop(server);
        }
    }

    @Test
    void outputLimitTakesRedisGroups_andRefusesAnUnknownClass() {
        assertEquals("normal 1mb 0 0", ServerConfig.parse("--client-output-buffer-limit", "pubsub", "32mb", "8mb", "60",
                "normal", "1mb", "0", "0").get("client-output-buffer-limit"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ServerConfig.parse("--client-output-buffer-limit", "nobody", "0", "0", "0"));
        assertTrue(e.getMessage().contains("'client-output-buffer-limit'") && e.getMessage().contains("nobody"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> ServerConfig.parse("--client-output-buffer-limit", "normal", "0"));
        assertTrue(e.getMessage().contains("'normal 0'"), e.getMessage());
    }

    @Test
    void filesStayInsideDir() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.parse("--appendfilename", "../escape.aof"));
        assertTrue(e.getMessage().contains("'appendfilename'") && e.getMessage().contains("inside 'dir'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> RedisServer.open(ServerConfig.parse("--port", "0", "--dir",
                dir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("'dir'"), e.getMessage());
        RedisServer server = Servers.start("--port", "0", "--dir", dir.toString());
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
                    assertThrows(JedisDataException.class, () -> j.configSet("dir", "/tmp")).getMessage());
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config",
                    assertThrows(JedisDataException.class, () -> j.configSet("appendfilename", "x.aof")).getMessage());
        } finally {
            Servers.stop(server);
        }
    }
}
