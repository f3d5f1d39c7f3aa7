package org.thrjob.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/** Null arguments, unknown kinds, registration and calls after close fail at the call, clearly. */
class BioArgumentsTest {

    private static void assertMessage(Class<? extends Throwable> type, String expected, Executable call) {
        Throwable thrown = assertThrows(type, call);
        assertTrue(thrown.getMessage().contains(expected), "'" + thrown.getMessage() + "' should say '" + expected + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void everyMethod_nullArgument_throwsNamingTheParameterAndSubmitsNothing(ThrProvider provider) {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            assertMessage(NullPointerException.class, "closeable", () -> bio.close(null));
            assertMessage(NullPointerException.class, "channel", () -> bio.fsync(null));
            assertMessage(NullPointerException.class, "channel", () -> bio.fsync(null, true));
            assertMessage(NullPointerException.class, "fn", () -> bio.lazyFree(null, "x"));
            assertMessage(NullPointerException.class, "args", () -> bio.lazyFree(args -> { }, (Object[]) null));
            assertMessage(NullPointerException.class, "kind", () -> bio.submit(null, () -> { }));
            assertMessage(NullPointerException.class, "job", () -> bio.submit(BioKind.LAZY_FREE, null));
            assertMessage(NullPointerException.class, "kind", () -> bio.whenDone(null, () -> { }));
            assertMessage(NullPointerException.class, "job", () -> bio.whenDone(BioKind.LAZY_FREE, null));
            assertMessage(NullPointerException.class, "kind", () -> bio.pending(null));
            assertMessage(NullPointerException.class, "kind", () -> bio.waitStep(null));
            assertMessage(NullPointerException.class, "kind", () -> bio.drain(null));
            assertMessage(NullPointerException.class, "timeout", () -> bio.drain(BioKind.LAZY_FREE, null));
            assertMessage(NullPointerException.class, "kind", () -> bio.oldestPendingAge(null));
            assertMessage(NullPointerException.class, "kind", () -> bio.stats(null));
            assertMessage(NullPointerException.class, "name", () -> bio.register(null));
            assertMessage(IllegalArgumentException.class, "timeout must not be negative",
                    () -> bio.drain(BioKind.LAZY_FREE, Duration.ofSeconds(-1)));
            for (BioStats stats : bio.stats()) {
                assertEquals(0, stats.pending(), "nothing was submitted: " + stats);
                assertEquals(0, stats.done(), "nothing was submitted: " + stats);
            }
        }
        assertThrows(NullPointerException.class, () -> Bio.create(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void everyKindMethod_unknownKind_throwsNamingItAndHowToRegister(ThrProvider provider) {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            BioKind stranger = BioKind.named("bio_stranger");
            List<Executable> calls = List.of(
                    () -> bio.submit(stranger, () -> { }),
                    () -> bio.whenDone(stranger, () -> { }),
                    () -> bio.pending(stranger),
                    () -> bio.waitStep(stranger),
                    () -> bio.drain(stranger),
                    () -> bio.drain(stranger, Duration.ZERO),
                    () -> bio.oldestPendingAge(stranger),
                    () -> bio.stats(stranger));
            for (Executable call : calls) {
                assertMessage(IllegalArgumentException.class, "bio kind 'bio_stranger' is unknown", call);
                assertMessage(IllegalArgumentException.class, "bio.register(\"bio_stranger\")", call);
            }
            // A kind registered with another Bio is unknown here, until registered here too.
            try (Bio other = Bio.create(thr)) {
                BioKind theirs = other.register("bio_theirs");
                assertMessage(IllegalArgumentException.class, "bio_theirs", () -> bio.pending(theirs));
                assertEquals(theirs, bio.register("bio_theirs"));
                assertEquals(0, bio.pending(theirs));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void register_twiceOrABuiltInName_throwsNamingTheKind(ThrProvider provider) {
        try (Thr thr = Providers.thr(provider); Bio bio = Bio.create(thr)) {
            BioKind mine = bio.register("bio_mine");
            assertEquals("bio_mine", mine.name());
            assertMessage(IllegalArgumentException.class, "bio kind 'bio_mine' is already registered",
                    () -> bio.register("bio_mine"));
            assertMessage(IllegalArgumentException.class, "bio kind 'bio_aof_fsync' is already registered",
                    () -> bio.register("bio_aof_fsync"));
            assertMessage(IllegalArgumentException.class, "must match", () -> bio.register("bio mine"));
            assertMessage(IllegalArgumentException.class, "must match", () -> bio.register(""));
            assertEquals(List.of(BioKind.CLOSE_FILE, BioKind.AOF_FSYNC, BioKind.LAZY_FREE, mine), bio.kinds());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void everySubmission_afterClose_rejectedNamingTheKind_queriesStillWork(ThrProvider provider) throws Exception {
        try (Thr thr = Providers.thr(provider)) {
            Bio bio = Bio.create(thr);
            BioKind mine = bio.register("bio_after");
            bio.close();
            assertTrue(bio.isClosed());
            assertMessage(RejectedJobException.class, "bio_close_file", () -> bio.close(() -> { }));
            try (FileChannel channel = FileChannel.open(java.nio.file.Files.createTempFile("bio", ".aof"),
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.DELETE_ON_CLOSE)) {
                assertMessage(RejectedJobException.class, "bio_aof_fsync", () -> bio.fsync(channel));
            }
            assertMessage(RejectedJobException.class, "bio_lazy_free", () -> bio.lazyFree(args -> { }));
            assertMessage(RejectedJobException.class, "bio_after", () -> bio.submit(mine, () -> { }));
            assertMessage(RejectedJobException.class, "bio_after", () -> bio.whenDone(mine, () -> { }));
            assertMessage(RejectedJobException.class, "closed", () -> bio.register("bio_later"));
            assertEquals(0, bio.pending(mine));
            assertEquals(0, bio.waitStep(mine));
            bio.drain(mine);
            assertEquals(Duration.ZERO, bio.oldestPendingAge(mine));
            assertTrue(bio.fsyncStatus().isOk());
            assertEquals(4, bio.stats().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.bio.Providers#all")
    void create_closedRuntime_rejected(ThrProvider provider) {
        Thr thr = Providers.thr(provider);
        thr.close();
        assertThrows(RejectedJobException.class, () -> Bio.create(thr));
    }

    @Test
    void bioKind_sameName_equalAndNamedAfterIt() {
        assertEquals(BioKind.AOF_FSYNC, BioKind.named("bio_aof_fsync"));
        assertEquals(BioKind.AOF_FSYNC.hashCode(), BioKind.named("bio_aof_fsync").hashCode());
        assertNotEquals(BioKind.AOF_FSYNC, BioKind.LAZY_FREE);
        assertEquals("bio_close_file", BioKind.CLOSE_FILE.toString());
        assertMessage(IllegalArgumentException.class, "but was '" + "x".repeat(65) + "'",
                () -> BioKind.named("x".repeat(65)));
        assertMessage(NullPointerException.class, "name", () -> BioKind.named(null));
    }

    @Test
    void fsyncStatus_transitions_keepTheLastFailure() {
        FsyncStatus none = FsyncStatus.none();
        assertTrue(none.isOk());
        assertTrue(none.time().isEmpty());
        assertFalse(none.failedSince(Instant.EPOCH));
        Instant t1 = Instant.parse("2026-01-01T00:00:01Z");
        Instant t2 = Instant.parse("2026-01-01T00:00:02Z");
        java.io.IOException eio = new java.io.IOException("EIO");
        FsyncStatus failed = none.failed(t1, eio);
        assertFalse(failed.isOk());
        assertEquals(eio, failed.error().orElseThrow());
        FsyncStatus recovered = failed.succeeded(t2);
        assertTrue(recovered.isOk());
        assertEquals(t2, recovered.time().orElseThrow());
        assertTrue(recovered.failedSince(t1));
        assertFalse(recovered.failedSince(t2));
        assertEquals(eio, recovered.lastFailure().orElseThrow());
        assertEquals(1, recovered.failures());
        assertThrows(NullPointerException.class, () -> none.failed(t1, null));
        assertThrows(NullPointerException.class, () -> none.failedSince(null));
    }

    @Test
    void bioStats_negativeCounter_rejected() {
        assertMessage(IllegalArgumentException.class, "pending must be >= 0 but was -1",
                () -> new BioStats(BioKind.LAZY_FREE, -1, 0, 0, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new BioStats(null, 0, 0, 0, Duration.ZERO));
    }
}
