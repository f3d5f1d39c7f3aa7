package org.thrjob.threads.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free multi-producer, single-consumer FIFO list of {@link Node}s.
 *
 * <h2>Algorithm</h2>
 * Producers push onto a Treiber stack ({@code incoming}) with one CAS each; the consumer takes the
 * whole stack at once with {@code getAndSet(null)}, reverses it, and serves its private
 * {@code head} list until it is empty before taking again. The order is that of the CASes, that is
 * the order in which the posts were linearized (SPEC rule 3.2), and a producer's CAS
 * happens-before the consumer's swap that takes its node (SPEC rule 2.2).
 *
 * <p>Unlike Vyukov's exchange-based list, a consumer never has to wait for a producer that was
 * preempted between publishing its node and linking it: a node is complete the moment it is on the
 * stack. The cost is a CAS retry under heavy producer contention, and an O(n) reversal amortized
 * over the n nodes it takes. Empty, the list costs two references: it needs no stub node, which
 * matters when millions of idle queues exist (SPEC rule 3.9).
 *
 * <p><b>Thread-safety:</b> {@link #push} from any thread; {@link #poll} from one consumer at a time,
 * the hand-over between consumers being ordered by the owner's state machine.
 */
final class JobList {

    private static final VarHandle INCOMING;

    static {
        try {
            INCOMING = MethodHandles.lookup().findVarHandle(JobList.class, "incoming", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through INCOMING
    private volatile Node incoming;
    /** Consumer-private: the oldest nodes, already in FIFO order. */
    private Node head;

    /**
     * Adds a node at the tail. Any thread.
     *
     * @param node a node not in any list
     */
    void push(Node node) {
        Node top;
        do {
            top = (Node) INCOMING.getVolatile(this);
            node.next = top;
        } while (!INCOMING.weakCompareAndSet(this, top, node));
    }

    /**
     * Removes the oldest node. Consumer only.
     *
     * @return the node, or null if the list is empty
     */
    Node poll() {
        Node node = head;
        if (node == null) {
            Node taken = (Node) INCOMING.getAndSet(this, (Node) null);
            if (taken == null) {
                return null;
            }
            node = reverse(taken);
        }
        head = node.next;
        node.next = null;
        return node;
    }

    /**
     * Removes every waiting node at once, oldest first, as a chain linked by {@code next}: the
     * private list if any, else the incoming stack reversed. The caller walks the chain without
     * writing to this object for every node, and hands back what it did not run with
     * {@link #putBack} before anyone else may consume. Consumer only.
     *
     * @return the oldest node, or null if the list is empty
     */
    Node takeAll() {
        Node node = head;
        if (node != null) {
            head = null;
            return node;
        }
        Node taken = (Node) INCOMING.getAndSet(this, (Node) null);
        return taken == null ? null : reverse(taken);
    }

    /**
     * Puts back the rest of a chain from {@link #takeAll}, ahead of every node pushed since; null
     * puts back nothing and leaves a chain put back before in place. Consumer only.
     *
     * @param chain the oldest node not run, or null
     */
    void putBack(Node chain) {
        if (chain != null) {
            head = chain;
        }
    }

    /**
     * Tells whether nodes wait, private or incoming. Consumer only (the private list is not published).
     *
     * @return true if empty at the time of the read
     */
    boolean isEmpty() {
        return head == null && INCOMING.getVolatile(this) == null;
    }

    private static Node reverse(Node stack) {
        Node fifo = null;
        Node node = stack;
        while (node != null) {
            Node next = node.next;
            node.next = fifo;
            fifo = node;
            node = next;
        }
        return fifo;
    }
}
