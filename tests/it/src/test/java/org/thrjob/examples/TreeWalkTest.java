package org.thrjob.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thrjob.api.Thr;
import org.thrjob.examples.TreeWalk.Node;

/** Divide &amp; conquer over a tree: recursive jobs, one syn, one wait. */
@Timeout(60)
class TreeWalkTest {

    private Thr thr;

    @BeforeEach
    void createRuntime() {
        thr = Runtimes.create();
    }

    @AfterEach
    void closeRuntime() {
        thr.close();
    }

    private static long triangle(long n) {
        return n * (n + 1) / 2;
    }

    @Test
    void perfect_threeLevels_isNumberedInHeapOrder() {
        Node root = Node.perfect(3);

        assertEquals(1, root.value());
        assertEquals(2, root.left().value());
        assertEquals(3, root.right().value());
        assertEquals(7, root.right().right().value());
        assertNull(root.right().right().left());
    }

    @Test
    void sum_perfectTreeOfFifteenLevels_equalsSumOfOneToNodeCount() {
        long nodes = (1L << 15) - 1;

        assertEquals(triangle(nodes), TreeWalk.sum(thr, Node.perfect(15)));
    }

    @Test
    void visit_perfectTree_visitsEveryNodeExactlyOnce() {
        ConcurrentHashMap<Long, AtomicInteger> visits = new ConcurrentHashMap<>();

        TreeWalk.visit(thr, Node.perfect(12), node ->
                visits.computeIfAbsent(node.value(), v -> new AtomicInteger()).incrementAndGet());

        assertEquals((1 << 12) - 1, visits.size());
        visits.forEach((value, count) -> assertEquals(1, count.get(), "node " + value));
    }

    @Test
    void sum_chainOfFiveThousandNodes_reachesTheDeepestNode() {
        // Each level is a job posted by the level above: the syn must stay busy until the end.
        assertEquals(triangle(5_000), TreeWalk.sum(thr, Node.chain(5_000)));
    }

    @Test
    void sumBottomUp_perfectTree_equalsTopDownSum() {
        for (int round = 0; round < 20; round++) {
            assertEquals(triangle((1L << 12) - 1), TreeWalk.sumBottomUp(thr, Node.perfect(12)),
                    "round " + round);
        }
    }

    @Test
    void sumBottomUp_shortChain_runsEveryParentContinuation() {
        assertEquals(triangle(300), TreeWalk.sumBottomUp(thr, Node.chain(300)));
    }

    @Test
    void sum_emptyTreeAndSingleNode_areZeroAndItsValue() {
        assertEquals(0, TreeWalk.sum(thr, null));
        assertEquals(0, TreeWalk.sumBottomUp(thr, null));
        assertEquals(42, TreeWalk.sum(thr, new Node(42, null, null)));
        assertEquals(42, TreeWalk.sumBottomUp(thr, new Node(42, null, null)));
    }
}
