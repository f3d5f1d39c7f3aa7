package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * requirepass with NOAUTH and WRONGPASS, loopback by default, -MISCONF after an fsync failure, and
 * everysec's postponed write on a slow disk.
 */
class SecurityAndDiskTest {

    @TempDir
    Path dir;

    private static String error(Runnable call) {
        return assertThrows(JedisDataException.class, call::run).getMessage();
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void requirepassGuardsEveryCommandButAuthHelloAndQuit(String provider) throws Exception {
        RedisServer server = Servers.start("--port", "0", "--provider", provider, "--requirepass", "s3cret");
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
            assertEquals("127.0.0.1", server.loop.localAddress().getAddress().getHostAddress(), "loopback by default");
            assertEquals("NOAUTH Authentication required.", error(j::ping));
            assertEquals("NOAUTH Authentication required.", error(() -> j.set("a", "b")));
            assertEquals("NOAUTH Authentication required.", error(() -> j.sendCommand(Protocol.Command.MULTI)));
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", error(() -> j.auth("nope")));
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", error(() -> j.auth("bob", "s3cret")));
            assertTrue(error(() -> j.sendCommand(Protocol.Command.HELLO, "3")).startsWith("NOAUTH HELLO must be called"));
            assertEquals("OK", j.auth("s3cret"));
            assertEquals("PONG", j.ping());
            assertEquals("OK", j.auth("default", "s3cret"));
        }
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
            Object hello = j.sendCommand(Protocol.Command.HELLO, "2", "AUTH", "default", "s3cret", "SETNAME", "h");
            assertEquals(14, ((List<?>) hello).size());
            assertEquals("h", j.clientGetname());
            assertEquals("OK", j.configSet("requirepass", ""));
        } finally {
            Servers.stop(server);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void writesAreRefusedWithMisconfWhileFsyncFails(String provider) throws Exception {
        RedisServer server = Servers.start("--port", "0", "--provider", provider, "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec");
        FailingChannel disk = new FailingChannel(FileChannel.open(dir.resolve("failing.aof"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
            CompletableFuture<Void> swapped = new CompletableFuture<>();
            server.thr.mainQueue().post(() -> {
                server.aof = new AppendOnlyFile(disk, "everysec", server.bio);
                swapped.complete(null);
            });
            swapped.get(30, TimeUnit.SECONDS);
            disk.failing = true;
            j.set("before", "1");
            long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
            String refused = null;
            while (refused == null) {
                assertTrue(System.nanoTime() < deadline, "writes never refused after the fsync failed");
                try {
                    j.set("probe", "1");
                } catch (JedisDataException e) {
                    refused = e.getMessage();
                }
            }
            assertTrue(refused.startsWith("MISCONF Errors writing to the AOF file:"), refused);
            assertTrue(j.info("persistence").contains("aof_last_write_status:err"));
            assertEquals("1", j.get("before"), "reads still work");
            disk.failing = false;
            deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
            while (true) {
                assertTrue(System.nanoTime() < deadline, "writes still refused after fsync recovered");
                try {
                    j.set("after", "1");
                    break;
                } catch (JedisDataException e) {
                    assertTrue(e.getMessage().startsWith("MISCONF"), e.getMessage());
                }
            }
            assertTrue(j.info("persistence").contains("aof_last_write_status:ok"));
        } finally {
            Servers.stop(server);
        }
    }

    private static long infoField(Jedis j, String field) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("INFO persistence has no " + field);
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void everysecPostponesTheWriteWhileAnFsyncIsInFlightAndCountsADelayedFsync(String provider) throws Exception {
        RedisServer server = Servers.start("--port", "0", "--provider", provider, "--dir", dir.toString(),
                "--appendonly", "yes", "--appendfsync", "everysec");
        Path file = dir.resolve("slow.aof");
        FailingChannel disk = new FailingChannel(FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
            CompletableFuture<Void> swapped = new CompletableFuture<>();
            server.thr.mainQueue().post(() -> {
                server.aof = new AppendOnlyFile(disk, "everysec", server.bio);
                swapped.complete(null);
            });
            swapped.get(30, TimeUnit.SECONDS);
            disk.slow = release;
            j.set("first", "1");
            long deadline = System.nanoTime() + Servers.TIMEOUT.toNanos();
            while (infoField(j, "aof_pending_bio_fsync") < 1) { // the once-a-second fsync, now stuck
                assertTrue(System.nanoTime() < deadline, "no fsync went to bio");
                Thread.onSpinWait();
            }
            long sizeBefore = java.nio.file.Files.size(file);
            j.set("second", "2");
            assertEquals("2", j.get("second"), "the write is acknowledged at once");
            assertEquals(sizeBefore, java.nio.file.Files.size(file), "the write waits for the fsync in flight");
            while (infoField(j, "aof_delayed_fsync") < 1) { // 2 s later it goes ahead anyway
                assertTrue(System.nanoTime() < deadline, "the postponed write never went ahead");
                Thread.onSpinWait();
            }
            assertTrue(java.nio.file.Files.size(file) > sizeBefore, "written after 2 s although the fsync is stuck");
            assertEquals(1, infoField(j, "aof_pending_bio_fsync"), "at most one fsync in flight");
            release.countDown();
        } finally {
            release.countDown();
            Servers.stop(server);
        }
    }
}
