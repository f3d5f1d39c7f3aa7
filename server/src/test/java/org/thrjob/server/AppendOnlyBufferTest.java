package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.bio.Bio;

/**
 * The append-only buffer encodes commands in place: the file must hold exactly the RESP that
 * Redis writes (checked against an encoding built apart, byte for byte), whatever the argument
 * lengths (digit counts across powers of ten, empty, bigger than the buffer keeps), the database
 * (pre-encoded SELECTs and one past them) and a MULTI/EXEC block; and it must replay as fed.
 */
class AppendOnlyBufferTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Redis's catAppendOnlyGenericCommand, written the plain way. */
    private static void expect(ByteArrayOutputStream out, List<byte[]> args) {
        out.writeBytes(bytes("*" + args.size() + "\r\n"));
        for (byte[] arg : args) {
            out.writeBytes(bytes("$" + arg.length + "\r\n"));
            out.writeBytes(arg);
            out.writeBytes(bytes("\r\n"));
        }
    }

    private static byte[] filled(int length) {
        byte[] value = new byte[length];
        for (int i = 0; i < length; i++) {
            value[i] = (byte) ('a' + i % 26);
        }
        return value;
    }

    @Test
    void commandsAreWrittenAsRedisEncodesThem_andReplayAsFed() throws Exception {
        Path file = dir.resolve("buffer.aof");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<List<byte[]>> fed = new ArrayList<>();
        try (Thr thr = Thr.create(ThrConfig.builder().name("aof-buffer-test").build())) {
            Bio bio = Bio.create(thr);
            try {
                AppendOnlyFile aof = new AppendOnlyFile(file, "no", bio);
                int[] lengths = {0, 1, 9, 10, 99, 100, 999, 1000, 65_536, 2 * 1024 * 1024 + 7};
                int[] dbs = {0, 0, 3, 15, 16, 123, 0};
                for (int i = 0; i < lengths.length; i++) {
                    int db = dbs[i % dbs.length];
                    List<byte[]> set = List.of(bytes("SET"), bytes("key:" + i), filled(lengths[i]));
                    if (i == 0 || db != dbs[(i - 1) % dbs.length]) {
                        List<byte[]> select = List.of(bytes("SELECT"), bytes(Integer.toString(db)));
                        expect(expected, select);
                        fed.add(select);
                    }
                    aof.feed(db, set);
                    expect(expected, set);
                    fed.add(set);
                    if (i % 3 == 0) {
                        aof.flush(false); // several flushes, one of them after the buffer grew past what it keeps
                        assertFalse(aof.hasPending(), "a flush writes the whole buffer");
                    }
                }
                aof.beginTransaction();
                List<byte[]> push = List.of(bytes("RPUSH"), bytes("list"), bytes("x"), filled(12));
                aof.feed(0, push);
                aof.endTransaction();
                List<byte[]> select = List.of(bytes("SELECT"), bytes("0"));
                expect(expected, select);
                expect(expected, List.of(bytes("MULTI")));
                expect(expected, push);
                expect(expected, List.of(bytes("EXEC")));
                fed.add(select);
                fed.add(List.of(bytes("MULTI")));
                fed.add(push);
                fed.add(List.of(bytes("EXEC")));
                assertTrue(aof.hasPending());
                aof.close();
                assertEquals(expected.size(), aof.size(), "size counts what was written");
            } finally {
                bio.close();
            }
        }
        byte[] written = Files.readAllBytes(file);
        assertEquals(expected.size(), written.length);
        assertTrue(Arrays.equals(expected.toByteArray(), written), "the file differs from Redis's encoding");
        List<List<byte[]>> replayed = AofLoader.load(file);
        List<List<byte[]>> withoutBlock = fed.stream().filter(c -> !Arrays.equals(c.get(0), bytes("MULTI"))
                && !Arrays.equals(c.get(0), bytes("EXEC"))).toList();
        assertEquals(withoutBlock.size(), replayed.size() - countBlockMarkers(replayed), "commands replayed");
        int at = 0;
        for (List<byte[]> command : replayed) {
            if (isBlockMarker(command)) {
                continue;
            }
            List<byte[]> want = withoutBlock.get(at++);
            assertEquals(want.size(), command.size());
            for (int i = 0; i < want.size(); i++) {
                assertArrayEquals(want.get(i), command.get(i), "argument " + i + " of command " + at);
            }
        }
    }

    private static boolean isBlockMarker(List<byte[]> command) {
        return command.size() == 1 && (Arrays.equals(command.get(0), bytes("MULTI"))
                || Arrays.equals(command.get(0), bytes("EXEC")));
    }

    private static int countBlockMarkers(List<List<byte[]>> commands) {
        return (int) commands.stream().filter(AppendOnlyBufferTest::isBlockMarker).count();
    }
}
