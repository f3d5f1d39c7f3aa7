package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.Thr;

/** Map-reduce: unordered map jobs, the reduce on a serial queue, the final notify on main. */
@Timeout(60)
class MapReduceTest {

    private static final String[] VOCABULARY = {
        "job", "queue", "syn", "main", "worker", "post", "notify", "reduce", "map", "thread",
        "Élan", "naïve", "queue's",
    };

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    /** A corpus of {@code documents} lines of random words and punctuation, the same every run. */
    private static List<String> corpus(int documents) {
        Random random = new Random(42);
        List<String> corpus = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            StringBuilder line = new StringBuilder();
            int words = random.nextInt(40);
            for (int w = 0; w < words; w++) {
                line.append(VOCABULARY[random.nextInt(VOCABULARY.length)])
                        .append(random.nextBoolean() ? " " : ", ");
            }
            corpus.add(line.toString());
        }
        return corpus;
    }

    /** The counts computed on one thread, without the example's code. */
    private static Map<String, Long> sequentialCounts(List<String> documents) {
        return documents.stream()
                .flatMap(d -> Arrays.stream(d.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void wordCounts_twoThousandDocuments_matchesSequentialCount() {
        List<String> documents = corpus(2_000);

        assertEquals(sequentialCounts(documents), MapReduce.wordCounts(thr, documents, Runtimes.TIMEOUT));
    }

    @Test
    void wordCounts_repeatedRounds_finalNotifyRunsOnceWithEveryReduceDone() {
        List<String> documents = corpus(200);
        Map<String, Long> expected = sequentialCounts(documents);
        for (int round = 0; round < 20; round++) {
            assertEquals(expected, MapReduce.wordCounts(thr, documents, Runtimes.TIMEOUT),
                    "round " + round);
        }
    }

    @Test
    void wordCountsPerWorker_twoThousandDocuments_matchesSequentialCount() {
        List<String> documents = corpus(2_000);

        assertEquals(sequentialCounts(documents), MapReduce.wordCountsPerWorker(thr, documents));
    }

    @Test
    void wordCounts_noDocuments_notifiesAnEmptyResult() {
        assertTrue(MapReduce.wordCounts(thr, List.of(), Runtimes.TIMEOUT).isEmpty());
        assertTrue(MapReduce.wordCountsPerWorker(thr, List.of()).isEmpty());
    }

    @Test
    void wordCounts_offTheMainThread_throwsBeforePostingAnything() throws Exception {
        Throwable failure = PostAndNotifyTest.thrownOnAnotherThread(
                () -> MapReduce.wordCounts(thr, corpus(10), Runtimes.TIMEOUT));

        assertEquals(IllegalStateException.class, failure == null ? null : failure.getClass());
        assertEquals(0, thr.stats().posted());
    }

    @Test
    void wordCounts_nullDocument_throwsNamingItsIndexBeforePostingAnything() {
        List<String> documents = Arrays.asList("a b", null);

        NullPointerException e = assertThrows(NullPointerException.class,
                () -> MapReduce.wordCounts(thr, documents, Runtimes.TIMEOUT));

        assertEquals("documents[1] must not be null", e.getMessage());
        assertEquals(0, thr.stats().posted());
    }
}
