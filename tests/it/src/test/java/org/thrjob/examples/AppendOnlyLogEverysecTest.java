package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thrjob.api.Job;
import org.thrjob.api.MainQueue;
import org.thrjob.api.ScheduledJob;
import org.thrjob.api.Thr;
import org.thrjob.bio.Bio;
import org.thrjob.bio.BioKind;

/**
 * Redis's {@code appendfsync everysec}, end to end: one thread appends commands to a log, a timer
 * on the main queue asks bio for an fsync every period (skipping a tick while the previous fsync
 * is still pending, as Redis postpones it), and after close every record is on disk, in order.
 *
 * <p>The period is one second in Redis; here it is {@link #PERIOD}, which
 * {@code -Daof.everysec.period=PT1S} sets, so that the test shows several ticks in a moment.
 */
class AppendOnlyLogEverysecTest {

    /** The fsync period: Redis's one second, shortened for the test; configurable. */
    static final Duration PERIOD = Duration.parse(System.getProperty("aof.everysec.period", "PT0.02S"));

    private static final int RECORDS = 20_000;
    private static final int TICKS = 5;

    @TempDir
    Path dir;

    /** The main-queue timer of the everysec policy: re-arms itself with postAfter until stopped. */
    private static final class EverySec implements Job {
        private final Thr thr;
        private final Bio bio;
        private final FileChannel aof;
        final List<Long> tickNanos = new CopyOnWriteArrayList<>();
        int fsyncs; // main thread only
        int postponed; // main thread only
        boolean stopped; // main thread only
        ScheduledJob next;

        EverySec(Thr thr, Bio bio, FileChannel aof) {
            this.thr = thr;
            this.bio = bio;
            this.aof = aof;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            tickNanos.add(System.nanoTime());
            if (bio.pending(BioKind.AOF_FSYNC) == 0) {
                bio.fsync(aof);
                fsyncs++;
            } else {
                postponed++; // Redis: "fsync is in progress, postpone"
            }
            next = thr.mainQueue().postAfter(PERIOD, this);
        }
    }

    @Test
    void appendfsyncEverysec_oneWriterThread_everyRecordOnDiskAfterClose() throws Exception {
        Path file = dir.resolve("appendonly.aof");
        try (Thr thr = Runtimes.create()) {
            Bio bio = Bio.create(thr);
            FileChannel aof = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            EverySec everySec = new EverySec(thr, bio, aof);
            MainQueue main = thr.mainQueue();
            // Read the clock before arming: the first tick is due one period after the arming.
            long started = System.nanoTime();
            everySec.next = main.postAfter(PERIOD, everySec);

            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < RECORDS; i++) {
                        aof.write(ByteBuffer.wrap(record(i).getBytes(StandardCharsets.UTF_8)));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "aof-writer");
            writer.start();

            assertTrue(main.runUntil(() -> !writer.isAlive() && everySec.tickNanos.size() >= TICKS,
                    Runtimes.TIMEOUT), "the writer or the ticks did not finish");
            everySec.stopped = true;
            everySec.next.cancel();
            bio.fsync(aof); // the last fsync, as Redis does on shutdown
            bio.close();    // runs every pending fsync, joins bio's threads
            aof.close();

            assertTrue(bio.fsyncStatus().isOk(), bio.fsyncStatus().toString());
            assertEquals(everySec.fsyncs + 1L, bio.stats(BioKind.AOF_FSYNC).done());
            assertTrue(everySec.fsyncs >= 1, "the timer asked for fsyncs");
            // Timers never fire early: each tick comes at least one period after the previous one.
            long previous = started;
            for (long tick : everySec.tickNanos) {
                assertTrue(tick - previous >= PERIOD.toNanos(), "a tick came early");
                previous = tick;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(RECORDS, lines.size());
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(record(i).strip(), lines.get(i));
            }
        }
    }

    private static String record(int i) {
        return "SET key:" + i + " value:" + i + "\n";
    }
}
