package org.thrjob.modules.testkit;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;

/**
 * Redis's test helpers that wait for a server-side state ({@code wait_for_condition},
 * {@code wait_for_blocked_clients_count}): polled, and bounded by {@link ExampleServers#TIMEOUT}.
 *
 * <p>The state lives in another process, behind a socket, so no latch can be handed to it: the
 * wait asks again every few milliseconds until the condition holds or the bound is reached, and
 * then fails with what it saw.
 *
 * <p>Thread-safety: stateless; each call uses only its arguments. A null argument throws
 * {@link NullPointerException} when it is used.
 */
public final class Waits {

    /** How long to leave the server alone between two looks. */
    private static final long POLL_MILLIS = 5;

    private Waits() {
    }

    /**
     * Redis's {@code wait_for_condition}: returns once {@code condition} holds.
     *
     * @param condition asked until it holds
     * @param failure   what did not happen, for the message if the bound is reached
     * @throws AssertionError       if the condition did not hold within {@link ExampleServers#TIMEOUT}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void waitForCondition(BooleanSupplier condition, Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + ExampleServers.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure.get() + " within " + ExampleServers.TIMEOUT);
            }
            Thread.sleep(POLL_MILLIS); // the poll interval of a bounded wait, not a synchronization
        }
    }

    /**
     * Redis's {@code wait_for_blocked_clients_count}: returns once INFO's {@code blocked_clients}
     * is {@code count}.
     *
     * @param r     a connection to the server
     * @param count the number of blocked clients to wait for
     * @throws AssertionError       if the count was not reached within {@link ExampleServers#TIMEOUT}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void waitForBlockedClients(Jedis r, int count) throws InterruptedException {
        String want = "blocked_clients:" + count + "\r\n";
        waitForCondition(() -> r.info("clients").contains(want),
                () -> "blocked_clients did not reach " + count + " (" + r.info("clients").strip() + ")");
    }
}
