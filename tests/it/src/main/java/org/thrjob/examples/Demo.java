package org.thrjob.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.thrjob.api.Thr;

/**
 * Runs thr-job's seven usage patterns on one runtime and prints one line for each: the pattern, its
 * result checked against a value computed another way, and the provider's name.
 *
 * <pre>{@code
 * java --module-path <jars> -m org.thrjob.examples/org.thrjob.examples.Demo
 * java --module-path <jars> -Dthr.provider=forkjoin -m org.thrjob.examples/org.thrjob.examples.Demo
 * }</pre>
 *
 * <p>The provider is the one {@link Thr#create()} chooses: {@code -Dthr.provider=NAME}, else the
 * {@code THR_PROVIDER} environment variable, else the one of highest priority on the path (see
 * {@code docs/PROVIDERS.md}). The process exits with 0 when every result is right, 1 otherwise.
 *
 * <p><b>Thread-safety:</b> {@link #main} is meant to be called once, on the JVM's main thread,
 * which becomes the runtime's main thread.
 */
public final class Demo {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Demo() {
    }

    /**
     * Runs the seven patterns.
     *
     * @param args ignored
     * @throws Exception if a pattern failed; the JVM then exits with a non-zero status
     */
    public static void main(String[] args) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Thr thr = Thr.create()) {
            String provider = thr.providerName();
            System.out.printf("thrjob demo on provider '%s', parallelism %d%n", provider,
                    thr.parallelism());
            Line line = (pattern, result, ok) -> {
                System.out.printf("%-20s %s%s  [%s]%n", pattern, result, ok ? "" : "  WRONG",
                        provider);
                if (!ok) {
                    wrong.add(pattern);
                }
            };

            int n = 10_000;
            int[] values = IntStream.rangeClosed(1, n).toArray();
            long squares = (long) n * (n + 1) * (2L * n + 1) / 6;
            long sum = DivideAndConquer.sumOfSquares(thr, values);
            line.print("divide & conquer", "sum of squares of 1.." + n + " = " + sum,
                    sum == squares);

            int depth = 16;
            long nodes = (1L << depth) - 1;
            long treeSum = TreeWalk.sum(thr, TreeWalk.Node.perfect(depth));
            long bottomUp = TreeWalk.sumBottomUp(thr, TreeWalk.Node.perfect(depth));
            line.print("tree walk", "sum over a perfect tree of " + nodes + " nodes = " + treeSum
                    + " (bottom-up " + bottomUp + ")",
                    treeSum == nodes * (nodes + 1) / 2 && bottomUp == treeSum);

            DoubleExplosion.Outcome explosion = DoubleExplosion.squares(thr, values);
            line.print("double explosion", explosion.coarseJobs() + " coarse jobs posted "
                    + explosion.fineJobs() + " fine jobs, sum of squares = " + explosion.sum(),
                    explosion.sum() == squares && explosion.fineJobs() == n
                            && explosion.coarseJobs() <= 2 * thr.parallelism());

            PostAndNotify.Reply reply = PostAndNotify.computeAndReply(thr, 100_000, TIMEOUT);
            line.print("post & notify", "sum of primes below 100000 = " + reply.value()
                    + ", computed on " + reply.computedOn().getName() + ", replied on "
                    + reply.repliedOn().getName(),
                    reply.value() == 454_396_537L && reply.repliedOn() == Thread.currentThread());

            List<String> documents = IntStream.range(0, 2_000)
                    .mapToObj(i -> "the job " + i % 7 + " posts the queue " + i % 3)
                    .map(s -> s.replaceAll("[0-9]", "x"))
                    .toList();
            Map<String, Long> counts = MapReduce.wordCounts(thr, documents, TIMEOUT);
            Map<String, Long> perWorker = MapReduce.wordCountsPerWorker(thr, documents);
            line.print("map-reduce", counts.size() + " distinct words, 'the' counted "
                    + counts.get("the") + " times (per-worker variant agrees: "
                    + counts.equals(perWorker) + ")",
                    counts.get("the") == 4_000L && counts.equals(perWorker));

            int producers = 8;
            int perProducer = 1_000;
            CommitLog.Summary log =
                    CommitLog.commitFromProducers(thr, producers, perProducer, 64, TIMEOUT);
            line.print("mpsc", log.records().size() + " records from " + producers
                    + " producers written in " + log.batchSizes().size() + " batches",
                    log.records().size() == producers * perProducer);

            int width = Math.max(1, thr.parallelism() / 2);
            LimitedParallelism.Outcome limited = LimitedParallelism.onWidthQueue(thr, width, 200,
                    i -> PostAndNotify.sumOfPrimesBelow(2_000));
            LimitedParallelism.Outcome recipe = LimitedParallelism.onSerialQueues(thr, width, 200,
                    i -> PostAndNotify.sumOfPrimesBelow(2_000));
            line.print("limited parallelism", "width " + width + ": " + limited.ran()
                    + " jobs, at most " + limited.maxRunning() + " at once (" + width
                    + " serial queues: at most " + recipe.maxRunning() + ")",
                    limited.ran() == 200 && limited.maxRunning() <= width
                            && recipe.ran() == 200 && recipe.maxRunning() <= width);
        }
        if (!wrong.isEmpty()) {
            System.out.println("wrong results: " + wrong);
            System.exit(1);
        }
    }

    /** Prints one pattern's line and remembers a wrong result. */
    @FunctionalInterface
    private interface Line {
        void print(String pattern, String result, boolean ok);
    }
}
