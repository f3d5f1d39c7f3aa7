package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** fsync of real files, the status it leaves, injected failures and recovery. */
class BioFsyncTest {

    @TempDir
    Path dir;

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void fsync_realFiles_dataOnDiskAndStatusOk(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            assertTrue(bio.fsyncStatus().isOk());
            assertTrue(bio.fsyncStatus().time().isEmpty(), "no fsync ran yet");
            Instant before = Instant.now();
            for (int f = 0; f < 3; f++) {
                try (FileChannel channel = open("aof-" + f)) {
                    for (int i = 0; i < 100; i++) {
                        channel.write(ByteBuffer.wrap(("SET k" + i + " v\n").getBytes(StandardCharsets.UTF_8)));
                        bio.fsync(channel, i % 2 == 0);
                    }
                    bio.drain(BioKind.AOF_FSYNC);
                }
                assertEquals(100, Files.readAllLines(dir.resolve("aof-" + f)).size());
            }
            FsyncStatus status = bio.fsyncStatus();
            assertTrue(status.isOk(), status::toString);
            assertTrue(status.error().isEmpty());
            assertFalse(status.time().orElseThrow().isBefore(before), "the status time is the fsync's");
            assertFalse(status.failedSince(before));
            assertEquals(0, status.failures());
            BioStats stats = bio.stats(BioKind.AOF_FSYNC);
            assertEquals(300, stats.done());
            assertEquals(0, stats.failed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void fsync_channelAlreadyClosed_countsAsOk(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            FileChannel channel = open("closed");
            channel.close();
            bio.fsync(channel);
            bio.drain(BioKind.AOF_FSYNC);
            FsyncStatus status = bio.fsyncStatus();
            assertTrue(status.isOk(), status::toString);
            assertTrue(status.time().isPresent(), "the fsync ran and was recorded");
            assertEquals(0, bio.stats(BioKind.AOF_FSYNC).failed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void fsync_forceThrowsThenSucceeds_errorKeptLoggedOnceThenCleared(ThrProvider provider) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr);
                FailingChannel channel = new FailingChannel(open("failing"))) {
            channel.write(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.UTF_8)));
            bio.fsync(channel);
            bio.drain(BioKind.AOF_FSYNC);
            assertTrue(bio.fsyncStatus().isOk());

            // slf4j-simple prints to the System.err of the moment: capture the warnings.
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            Instant beforeFailure = Instant.now();
            channel.failing = true;
            for (int i = 0; i < 5; i++) {
                bio.fsync(channel);
            }
            bio.drain(BioKind.AOF_FSYNC);
            FsyncStatus failed = bio.fsyncStatus();
            assertFalse(failed.isOk());
            assertEquals("injected: Input/output error", failed.error().orElseThrow().getMessage());
            assertTrue(failed.failedSince(beforeFailure));
            assertEquals(5, failed.failures());
            assertEquals(5, bio.stats(BioKind.AOF_FSYNC).failed());
            assertEquals("bio_aof_fsync", channel.forceThread);

            channel.failing = false;
            bio.fsync(channel);
            bio.drain(BioKind.AOF_FSYNC);
            System.setErr(err);
            FsyncStatus recovered = bio.fsyncStatus();
            assertTrue(recovered.isOk(), "a later success clears the error: " + recovered);
            assertTrue(recovered.error().isEmpty());
            assertTrue(recovered.failedSince(beforeFailure), "the failure is remembered after recovery");
            Instant lastFailure = recovered.lastFailureTime().orElseThrow();
            assertFalse(recovered.failedSince(lastFailure.plusNanos(1)));
            assertEquals("injected: Input/output error", recovered.lastFailure().orElseThrow().getMessage());
            assertEquals(7, channel.forces.get());

            Matcher warnings = Pattern.compile("Fail to fsync").matcher(log.toString(StandardCharsets.UTF_8));
            int count = 0;
            while (warnings.find()) {
                count++;
            }
            assertEquals(1, count, "five failures in a row are logged once:\n" + log);
        } finally {
            System.setErr(err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void fsync_failureAfterRecovery_loggedAgain(ThrProvider provider) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr);
                FailingChannel channel = new FailingChannel(open("flaky"))) {
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            for (boolean failing : new boolean[] {true, false, true, true}) {
                channel.failing = failing;
                bio.fsync(channel);
                bio.drain(BioKind.AOF_FSYNC);
            }
            System.setErr(err);
            assertFalse(bio.fsyncStatus().isOk());
            assertEquals(3, bio.fsyncStatus().failures());
            assertEquals(2, log.toString(StandardCharsets.UTF_8).split("Fail to fsync", -1).length - 1,
                    "the first failure of each run of failures is logged:\n" + log);
        } finally {
            System.setErr(err);
        }
    }
}
