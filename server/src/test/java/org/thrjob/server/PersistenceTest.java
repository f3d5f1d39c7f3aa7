package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The append-only file: durability across SIGKILL with {@code always} and {@code everysec},
 * graceful shutdown on SIGTERM and SHUTDOWN, a truncated tail cut off, a corrupt file refused with
 * its offset, bad options refused with exit code 1.
 */
class PersistenceTest {

    @TempDir
    Path dir;

    private String[] aof(String fsync) {
        return new String[] {"--port", "0", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", fsync};
    }

    /** The options of a server on a given provider (null: let Thr.create() choose). */
    private String[] aof(String fsync, String provider) {
        org.junit.jupiter.api.Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        List<String> args = new java.util.ArrayList<>(List.of(aof(fsync)));
        args.addAll(List.of("--provider", provider));
        return args.toArray(new String[0]);
    }

    private static long bioFsyncsDone(Jedis j) {
        for (String line : j.info("bio").split("\r\n")) {
            if (line.startsWith("bio_aof_fsync:")) {
                String done = line.replaceAll(".*done=(\\d+).*", "$1");
                return Long.parseLong(done);
            }
        }
        throw new AssertionError("INFO bio has no bio_aof_fsync line");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void alwaysKeepsEveryAcknowledgedWriteAcrossSigkill(String provider) throws Exception {
        int n = 300;
        try (ChildServer child = ChildServer.start(List.of(), aof("always", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            for (int i = 0; i < n; i++) {
                j.rpush("log", "entry" + i);
                j.select(i % 2);
                j.incr("counter");
                j.select(0);
            }
            child.kill();
        }
        try (ChildServer child = ChildServer.start(List.of(), aof("always", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            assertEquals(n, j.llen("log"), child.output());
            assertEquals(List.of("entry" + (n - 1)), j.lrange("log", -1, -1));
            assertEquals(Integer.toString(n / 2), j.get("counter"));
            j.select(1);
            assertEquals(Integer.toString(n / 2), j.get("counter"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void everysecKeepsWhatWasSyncedAcrossSigkillAndSigtermShutdownSigintFlush(String provider) throws Exception {
        int n = 200;
        try (ChildServer child = ChildServer.start(List.of(), aof("everysec", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            for (int i = 0; i < n; i++) {
                j.set("k" + i, "v" + i);
            }
            long before = bioFsyncsDone(j);
            long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
            while (bioFsyncsDone(j) <= before) { // the once-a-second fsync through bio
                assertTrue(System.nanoTime() < deadline, "no everysec fsync within " + Servers.TIMEOUT);
                Thread.onSpinWait();
            }
            child.kill();
        }
        try (ChildServer child = ChildServer.start(List.of(), aof("everysec", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            assertEquals(n, j.dbSize(), "writes synced by the everysec fsync survive SIGKILL");
            j.set("late", "1");
            child.process.destroy(); // SIGTERM: graceful, flushes and syncs the file
            assertEquals(0, child.exitCode(), child.output());
        }
        try (ChildServer child = ChildServer.start(List.of(), aof("no", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            assertEquals("1", j.get("late"), "SIGTERM flushed the last write");
            j.set("last", "2");
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
        try (ChildServer child = ChildServer.start(List.of(), aof("no", provider));
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            assertEquals("2", j.get("last"), "SHUTDOWN flushed the last write");
            j.set("interrupted", "3");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.process.pid())).start();
            assertTrue(kill.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT failed");
            assertEquals(0, child.exitCode(), child.output());
        }
        try (RunningServer s = new RunningServer(aof("no", provider)); Jedis j = new Jedis("127.0.0.1", s.server.port(), 10_000)) {
            assertEquals("3", j.get("interrupted"), "SIGINT flushed the last write");
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void aWriteIsInTheFileBeforeItsReplyLeaves(String provider) throws Exception {
        Path file = dir.resolve("appendonly.aof");
        for (String fsync : List.of("always", "everysec", "no")) {
            try (RunningServer s = new RunningServer(aof(fsync, provider));
                    Jedis j = new Jedis("127.0.0.1", s.server.port(), 10_000)) {
                for (int i = 0; i < 50; i++) {
                    j.set("written-" + fsync + "-" + i, "v");
                    String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                    assertTrue(content.contains("written-" + fsync + "-" + i + "\r\n"),
                            "SET acknowledged before it was written to the file (" + fsync + ", write " + i + ")");
                }
            }
        }
    }

    @Test
    void truncatedTailIsCutAndReported() throws Exception {
        Path file = dir.resolve("appendonly.aof");
        String good = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n";
        Files.write(file, (good + "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\nhal").getBytes(StandardCharsets.US_ASCII));
        try (RunningServer s = new RunningServer(aof("always")); Jedis j = new Jedis("127.0.0.1", s.server.port(), 10_000)) {
            assertEquals("1", j.get("a"));
            assertEquals("2", j.get("b"));
            assertEquals(2, j.dbSize());
            assertEquals(good.length(), Files.size(file) - 0, "the incomplete command was cut off");
            j.set("c", "3");
        }
        try (RunningServer s = new RunningServer(aof("always")); Jedis j = new Jedis("127.0.0.1", s.server.port(), 10_000)) {
            assertEquals(3, j.dbSize(), "writes after the cut follow the good commands");
        }
    }

    @Test
    void corruptFileRefusesToStartWithTheOffset() throws Exception {
        Path file = dir.resolve("appendonly.aof");
        String good = "*2\r\n$3\r\nGET\r\n$1\r\na\r\n";
        Files.write(file, (good + "garbage\r\n" + good).getBytes(StandardCharsets.US_ASCII));
        Exception e = assertThrows(AofLoader.CorruptAofException.class, () -> RedisServer.open(ServerConfig.parse(aof("always"))));
        assertTrue(e.getMessage().contains("at offset " + good.length()), e.getMessage());
        try (ChildServer child = ChildServer.start(List.of(), aof("always"))) {
            assertEquals(1, child.exitCode());
            assertTrue(child.output().contains("at offset " + good.length()), child.output());
        }
    }

    @Test
    void badOptionsExitWithStatusOneNamingOptionAndValue() throws Exception {
        try (ChildServer child = ChildServer.start(List.of(), "--appendfsync", "sometimes")) {
            assertEquals(1, child.exitCode());
            assertTrue(child.output().contains("bad value 'sometimes' for option 'appendfsync'"), child.output());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.parse("--colour", "blue"));
        assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("'blue'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ServerConfig.parse("--maxclients", "0"));
        assertTrue(e.getMessage().contains("'maxclients'"), e.getMessage());
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "# a Redis-style file\nport 0\nappendonly yes\ndir " + dir + "\ndatabases nine\n");
        e = assertThrows(ConfigException.class, () -> ServerConfig.parse(conf.toString()));
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("'databases'")
                && e.getMessage().contains("'nine'"), e.getMessage());
        Files.writeString(conf, "port 0\nappendonly yes\nappendfsync always\nrequirepass \"s3cret\"\n");
        ServerConfig config = ServerConfig.parse(conf.toString(), "--appendfsync", "no");
        assertEquals("no", config.appendFsync(), "flags win over the file");
        assertEquals("s3cret", config.requirePass());
        assertTrue(config.appendOnly());
    }

    /** An in-process server, stopped gracefully on close. */
    static final class RunningServer implements AutoCloseable {
        final RedisServer server;

        RunningServer(String... args) throws Exception {
            server = Servers.start(args);
        }

        @Override
        public void close() {
            try {
                Servers.stop(server);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the server", e);
            }
        }
    }
}
