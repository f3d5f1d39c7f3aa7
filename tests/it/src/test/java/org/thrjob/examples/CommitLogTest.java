package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;

/** MPSC: many producers' records grouped into batches by a mailbox, written on one queue. */
@Timeout(60)
class CommitLogTest {

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    @Test
    void commitFromProducers_eightProducers_everyRecordWrittenExactlyOnce() {
        int producers = 8;
        int perProducer = 1_000;
        int maxBatch = 32;

        CommitLog.Summary log =
                CommitLog.commitFromProducers(thr, producers, perProducer, maxBatch, Runtimes.TIMEOUT);

        assertEquals(producers * perProducer, log.records().size());
        assertEquals(producers * perProducer, new HashSet<>(log.records()).size(), "duplicates");
        assertEquals(producers * perProducer,
                log.batchSizes().stream().mapToInt(Integer::intValue).sum());
        assertTrue(log.batchSizes().stream().allMatch(size -> size >= 1 && size <= maxBatch),
                "a batch outside [1, " + maxBatch + "]: " + log.batchSizes());
    }

    @Test
    void commitFromProducers_eachProducer_recordsWrittenInTheOrderItAppended() {
        CommitLog.Summary log = CommitLog.commitFromProducers(thr, 6, 500, 16, Runtimes.TIMEOUT);

        Map<String, Integer> next = new HashMap<>();
        for (String record : log.records()) {
            String producer = record.substring(0, record.indexOf('-'));
            int n = Integer.parseInt(record.substring(record.indexOf('-') + 1));
            assertEquals(next.getOrDefault(producer, 0), n, "record " + record + " out of order");
            next.put(producer, n + 1);
        }
        assertEquals(6, next.size());
    }

    @Test
    void append_whileTheWriterIsBusy_groupsWaitingRecordsIntoFullBatches() throws Exception {
        try (ThrQueue writer = thr.newQueue("writer")) {
            // Hold the writer queue so that every record below waits in the mailbox.
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            writer.post(() -> {
                entered.countDown();
                assertTrue(release.await(Runtimes.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            });
            assertTrue(entered.await(Runtimes.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            CommitLog log = new CommitLog(writer, 10);
            List<CompletableFuture<Long>> positions = new ArrayList<>();
            for (int n = 0; n < 95; n++) {
                positions.add(log.append("r" + n));
            }

            release.countDown();

            for (int n = 0; n < 95; n++) {
                assertEquals(n, positions.get(n).get(Runtimes.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            List<Integer> expected = new ArrayList<>(Collections.nCopies(9, 10));
            expected.add(5);
            assertEquals(expected, log.batchSizes());
            assertEquals("r94", log.records().get(94));
        }
    }

    @Test
    void append_nullRecord_throwsNamingTheParameter() {
        try (ThrQueue writer = thr.newQueue("writer")) {
            CommitLog log = new CommitLog(writer, 10);

            NullPointerException e = assertThrows(NullPointerException.class, () -> log.append(null));

            assertEquals("record must not be null", e.getMessage());
        }
    }

    @Test
    void append_afterTheWriterQueueClosed_isRejected() {
        ThrQueue writer = thr.newQueue("writer");
        CommitLog log = new CommitLog(writer, 10);
        writer.close();

        assertThrows(RejectedJobException.class, () -> log.append("late"));
    }
}
