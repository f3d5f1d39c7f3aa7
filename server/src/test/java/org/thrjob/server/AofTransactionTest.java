package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * A transaction goes to the append-only file as one MULTI ... EXEC block, and a file that ends
 * inside a block (cut in the middle of a command, or after whole commands but before EXEC) has the
 * whole block reverted: replay gives all of a transaction or none of it.
 */
class AofTransactionTest {

    private static final String MULTI = "*1\r\n$5\r\nMULTI\r\n";
    private static final String EXEC = "*1\r\n$4\r\nEXEC\r\n";

    @TempDir
    Path dir;

    private RedisServer start(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        return Servers.start("--port", "0", "--provider", provider, "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "always");
    }

    private static String set(String key, String value) {
        return "*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$" + value.length() + "\r\n" + value + "\r\n";
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void execIsWrittenAsOneMultiExecBlock_andAReadOnlyOneWritesNothing(String provider) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        RedisServer server = start(provider);
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 30_000)) {
            j.set("before", "0");
            Transaction t = j.multi();
            t.set("a", "1");
            t.get("a");
            t.set("b", "2");
            assertEquals(List.of("OK", "1", "OK"), t.exec());
            Transaction readOnly = j.multi();
            readOnly.get("a");
            assertEquals(List.of("1"), readOnly.exec());
            j.set("after", "3");
        } finally {
            Servers.stop(server);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n" + set("before", "0") + MULTI + set("a", "1")
                + set("b", "2") + EXEC + set("after", "3");
        assertEquals(expected, text, "the transaction is wrapped, the read-only one is not written");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void aFileCutInsideATransactionReplaysNoneOfIt(String provider) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        String select = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n";
        String whole = select + set("x", "1") + MULTI + set("y", "1") + set("z", "1") + EXEC;
        String open = MULTI + set("a", "1") + set("b", "1");
        // Cut in the middle of the block's third command, and cut after whole commands before EXEC.
        for (String tail : List.of(open + "*3\r\n$3\r\nSET\r\n$1\r\nc", open)) {
            Files.writeString(file, whole + tail, StandardCharsets.US_ASCII);
            RedisServer server = start(provider);
            try (Jedis j = new Jedis("127.0.0.1", server.port(), 30_000)) {
                assertEquals("1", j.get("x"));
                assertEquals("1", j.get("y"), "a whole transaction is replayed");
                assertEquals("1", j.get("z"));
                assertNull(j.get("a"), "no command of the cut transaction is replayed");
                assertNull(j.get("b"));
                assertEquals(3, j.dbSize());
                assertEquals(whole.length(), Files.size(file), "the file is cut at the transaction's MULTI");
                j.set("later", "1");
            } finally {
                Servers.stop(server);
            }
            server = start(provider);
            try (Jedis j = new Jedis("127.0.0.1", server.port(), 30_000)) {
                assertEquals(4, j.dbSize(), "writes after the cut replay after the good commands");
                assertTrue(Files.readString(file).startsWith(whole));
                j.flushAll();
            } finally {
                Servers.stop(server);
            }
            Files.delete(file);
        }
    }
}
