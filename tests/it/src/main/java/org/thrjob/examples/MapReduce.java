package org.thrjob.examples;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.thrjob.api.MainQueue;
import org.thrjob.api.Syn;
import org.thrjob.api.SynLocal;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Map-Reduce" pattern, a variant of post &amp; notify in two passes: the map pass
 * processes each element independently (unordered jobs), the reduce pass aggregates the results on
 * a serial queue that owns the aggregate, and the last reduce notifies the main queue. In GCD: a
 * global queue for the map, a serial queue for the reduce, the main queue for the notification.
 *
 * <pre>{@code
 * int[] pending = {documents.size()};                  // touched by the reduce queue only
 * for (String document : documents) {
 *     thr.schedule(() -> {
 *         Map<String, Long> counts = map(document);     // map: any worker, in any order
 *         reduce.post(() -> {
 *             merge(totals, counts);                     // reduce: one job at a time
 *             if (--pending[0] == 0) {
 *                 thr.mainQueue().post(() -> done(totals));  // final notify
 *             }
 *         });
 *     });
 * }
 * }</pre>
 *
 * <p>The second method is the same computation with lib-common's syn thread data
 * ({@link Syn#local}): every worker accumulates into its own map while the syn's jobs run, and the
 * per-worker maps are merged once after {@link Syn#await()}. No reduce queue, no notify.
 *
 * <p><b>Thread-safety:</b> stateless; {@link #wordCounts} runs the main loop and must be called on
 * the runtime's main thread ({@link IllegalStateException} elsewhere);
 * {@link #wordCountsPerWorker} may be called from any thread. Null arguments throw
 * {@link NullPointerException}; a closed runtime throws {@link org.thrjob.api.RejectedJobException}.
 */
public final class MapReduce {

    private static final Pattern NOT_A_LETTER = Pattern.compile("[^\\p{L}]+");

    private MapReduce() {
    }

    /**
     * Counts the words of every document: map jobs unordered, the reduce on a serial queue, the
     * final notification on the main queue, which the caller drains until it has run.
     *
     * @param thr       the runtime; not null
     * @param documents the documents; not null, no null element
     * @param timeout   how long the main loop waits for the notification at most; not null
     * @return how many times each lowercase word occurs across the documents
     * @throws NullPointerException  if an argument is null
     * @throws IllegalStateException if the caller is not the main thread, or the result did not come
     *                               in time
     */
    public static Map<String, Long> wordCounts(Thr thr, List<String> documents, Duration timeout) {
        Checks.notNull(thr, "thr");
        Checks.notNull(documents, "documents");
        Checks.notNull(timeout, "timeout");
        requireNoNull(documents);
        MainQueue main = PostAndNotify.requireMainThread(thr);
        // Set by the final notify, on the main thread, and read there.
        AtomicReference<Map<String, Long>> result = new AtomicReference<>();
        try (ThrQueue reduce = thr.newQueue("reduce")) {
            // Confined to the reduce queue: its jobs run one at a time, each one's end
            // happening-before the next one's start, so plain fields are enough.
            Map<String, Long> totals = new HashMap<>();
            int[] pending = {documents.size()};
            if (documents.isEmpty()) {
                main.post(() -> result.set(totals));
            }
            for (String document : documents) {
                thr.schedule(() -> {
                    Map<String, Long> counts = countWords(document);
                    reduce.post(() -> {
                        counts.forEach((word, n) -> totals.merge(word, n, Long::sum));
                        if (--pending[0] == 0) {
                            main.post(() -> result.set(totals));
                        }
                    });
                });
            }
            if (!main.runUntil(() -> result.get() != null, timeout)) {
                throw new IllegalStateException("map-reduce did not notify the main queue within "
                        + timeout + "; the reduce queue still has " + reduce.pending()
                        + " jobs pending");
            }
        }
        return result.get();
    }

    /**
     * Counts the words of every document with per-worker accumulators ({@link SynLocal}): each
     * map job merges into its own thread's map, and the maps are merged after the wait.
     *
     * @param thr       the runtime; not null
     * @param documents the documents; not null, no null element
     * @return how many times each lowercase word occurs across the documents
     * @throws NullPointerException                 if an argument is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static Map<String, Long> wordCountsPerWorker(Thr thr, List<String> documents) {
        Checks.notNull(thr, "thr");
        Checks.notNull(documents, "documents");
        requireNoNull(documents);
        Syn syn = thr.newSyn();
        SynLocal<Map<String, Long>> perWorker = syn.local(HashMap::new);
        for (String document : documents) {
            thr.schedule(syn, () -> countWords(document)
                    .forEach((word, n) -> perWorker.get().merge(word, n, Long::sum)));
        }
        syn.await();
        // The jobs' end happens-before await returned: every worker's map is safely visible.
        Map<String, Long> totals = new HashMap<>();
        for (Map<String, Long> counts : perWorker.collect()) {
            counts.forEach((word, n) -> totals.merge(word, n, Long::sum));
        }
        return totals;
    }

    /** Checked before any job is posted, so that a bad list leaves nothing half done. */
    private static void requireNoNull(List<String> documents) {
        for (int i = 0; i < documents.size(); i++) {
            Checks.notNull(documents.get(i), "documents[" + i + "]");
        }
    }

    /** The map step: one document's word counts. */
    private static Map<String, Long> countWords(String document) {
        Map<String, Long> counts = new HashMap<>();
        for (String word : NOT_A_LETTER.split(document.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                counts.merge(word, 1L, Long::sum);
            }
        }
        return counts;
    }
}
