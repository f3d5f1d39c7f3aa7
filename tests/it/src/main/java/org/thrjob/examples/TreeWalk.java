package org.thrjob.examples;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.thrjob.api.Syn;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;

/**
 * thr-job's "Divide &amp; Conquer" pattern over a tree: a job per node, each scheduling its
 * children, all attached to <em>one</em> syn, and one wait at the top ({@code apply_to_tree} with
 * {@code thr_syn_schedule_b}; GCD's {@code dispatch_group_async} on one group).
 *
 * <pre>{@code
 * static void applyToTree(Thr thr, Syn syn, Node node) {
 *     if (node == null) return;
 *     apply(node);
 *     thr.schedule(syn, () -> applyToTree(thr, syn, node.left()));
 *     thr.schedule(syn, () -> applyToTree(thr, syn, node.right()));
 * }
 * Syn syn = thr.newSyn();
 * applyToTree(thr, syn, root);
 * syn.await();        // the only wait: every child was attached to the same syn
 * }</pre>
 *
 * <p>The guide forbids the other shape, a syn and a wait per node ("spawn/wait/done"): each nested
 * wait may hold a thread, and a deep tree becomes a fork bomb. When a parent needs its children's
 * results, it passes a continuation that the last child to finish runs
 * ({@link #sumBottomUp}), still with one syn and one wait.
 *
 * <p><b>Thread-safety:</b> stateless; the methods may be called from any thread. Trees are
 * immutable. Null arguments throw {@link NullPointerException}, except that a null tree is the
 * empty tree; a closed runtime throws {@link org.thrjob.api.RejectedJobException}.
 */
public final class TreeWalk {

    private TreeWalk() {
    }

    /**
     * A binary tree node with a payload; immutable.
     *
     * @param value the payload
     * @param left  the left subtree, or null
     * @param right the right subtree, or null
     */
    public record Node(long value, Node left, Node right) {

        /**
         * A perfect tree of {@code depth} levels whose values are 1 to {@code 2^depth - 1}, in
         * heap order (node {@code i} has children {@code 2i} and {@code 2i + 1}).
         *
         * @param depth how many levels; from 0 (the empty tree, null) to 30
         * @return the root, or null for depth 0
         * @throws IllegalArgumentException if {@code depth} is out of range
         */
        public static Node perfect(int depth) {
            Checks.atLeast(depth, 0, "depth");
            if (depth > 30) {
                throw new IllegalArgumentException("depth must be <= 30 but was " + depth);
            }
            return perfect(1, depth);
        }

        private static Node perfect(long index, int levels) {
            if (levels == 0) {
                return null;
            }
            return new Node(index, perfect(2 * index, levels - 1), perfect(2 * index + 1, levels - 1));
        }

        /**
         * A degenerate tree: a chain of {@code length} nodes linked through {@code right}, with
         * values 1 to {@code length} from the root down. Built without recursion.
         *
         * @param length how many nodes; zero or more
         * @return the root, or null for length 0
         * @throws IllegalArgumentException if {@code length} is negative
         */
        public static Node chain(int length) {
            Checks.atLeast(length, 0, "length");
            Node node = null;
            for (int value = length; value >= 1; value--) {
                node = new Node(value, null, node);
            }
            return node;
        }
    }

    /**
     * Calls {@code action} once for every node of the tree, in parallel, and returns once every
     * call has ended. One syn; every child is scheduled with it.
     *
     * @param thr    the runtime; not null
     * @param root   the tree; null is the empty tree
     * @param action what to do with a node; not null; called concurrently
     * @throws NullPointerException                 if {@code thr} or {@code action} is null
     * @throws org.thrjob.api.JobFailedException   if {@code action} threw, once every job ended
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static void visit(Thr thr, Node root, Consumer<? super Node> action) {
        Checks.notNull(thr, "thr");
        Checks.notNull(action, "action");
        Syn syn = thr.newSyn();
        thr.schedule(syn, () -> visit(thr, syn, root, action));
        syn.await();
    }

    private static void visit(Thr thr, Syn syn, Node node, Consumer<? super Node> action) {
        if (node == null) {
            return;
        }
        action.accept(node);
        // Children are attached to the same syn before this job ends, so the syn never goes idle
        // while part of the tree is still to do.
        if (node.left() != null) {
            thr.schedule(syn, () -> visit(thr, syn, node.left(), action));
        }
        if (node.right() != null) {
            thr.schedule(syn, () -> visit(thr, syn, node.right(), action));
        }
    }

    /**
     * The sum of the tree's values, top-down: {@link #visit} with a {@link LongAdder}, the JDK's
     * counter made for many writers.
     *
     * @param thr  the runtime; not null
     * @param root the tree; null is the empty tree
     * @return the sum of every node's value
     * @throws NullPointerException                 if {@code thr} is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static long sum(Thr thr, Node root) {
        LongAdder sum = new LongAdder();
        visit(thr, root, node -> sum.add(node.value()));
        return sum.sum();
    }

    /**
     * The sum of the tree's values, bottom-up: each node's job hands its subtree's sum to its
     * parent's continuation, which the last of the parent's children runs ({@code do_job(syn,
     * end_of_parent_job)} in the guide). Still one syn and one wait; no job ever waits.
     *
     * <p>A continuation runs on the stack of the child that finished last, so a chain of
     * continuations is as deep as the tree: fine for balanced trees; for degenerate trees thousands
     * of levels deep prefer {@link #sum}.
     *
     * @param thr  the runtime; not null
     * @param root the tree; null is the empty tree
     * @return the sum of every node's value
     * @throws NullPointerException                 if {@code thr} is null
     * @throws org.thrjob.api.RejectedJobException if {@code thr} is closed
     */
    public static long sumBottomUp(Thr thr, Node root) {
        Checks.notNull(thr, "thr");
        Syn syn = thr.newSyn();
        long[] total = new long[1];
        // The root's continuation runs inside one of the syn's jobs (or here, for a leaf), so its
        // write happens-before await returns.
        thr.schedule(syn, () -> subtreeSum(thr, syn, root, sum -> total[0] = sum));
        syn.await();
        return total[0];
    }

    private static void subtreeSum(Thr thr, Syn syn, Node node, LongConsumer endOfParent) {
        if (node == null) {
            endOfParent.accept(0);
            return;
        }
        Node[] children = Stream.of(node.left(), node.right())
                .filter(Objects::nonNull).toArray(Node[]::new);
        if (children.length == 0) {
            endOfParent.accept(node.value());
            return;
        }
        AtomicInteger remaining = new AtomicInteger(children.length);
        AtomicLong sum = new AtomicLong(node.value());
        for (Node child : children) {
            thr.schedule(syn, () -> subtreeSum(thr, syn, child, childSum -> {
                sum.addAndGet(childSum);
                // The last child sees every sibling's addition (atomics are sequentially
                // consistent) and runs this node's own end: the parent's continuation.
                if (remaining.decrementAndGet() == 0) {
                    endOfParent.accept(sum.get());
                }
            }));
        }
    }
}
