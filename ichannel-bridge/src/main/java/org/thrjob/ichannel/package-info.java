/**
 * The channel through which the outside world talks to a thrjob process, and the bridge that lets
 * any job answer it: lib-common's {@code ichannel} and {@code ic_reply} from
 * {@code thr_queue_main_g}, on the wire format of Redis (RESP2 and RESP3).
 *
 * <pre>{@code
 * try (Thr thr = Thr.create()) {
 *     EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().port(6380).build(),
 *             (connection, args, slot) -> thr.schedule(() -> slot.reply(compute(args))));
 *     loop.run();                        // on the main thread, until loop.stop()
 * }
 * }</pre>
 *
 * <h2>The loop</h2>
 * {@link org.thrjob.ichannel.EventLoop#run()} makes its caller the main thread. Each turn it drains
 * the main queue, writes what became ready, then sleeps in {@code select()}. A job posted to the
 * main queue while the loop sleeps wakes it at once: the loop registers {@code Selector::wakeup}
 * as the main queue's wakeup hook (SPEC rule 4.4), so there is no polling interval; timers posted
 * with {@code postAfter} reach the main queue the same way and run on time.
 *
 * <h2>Slots and the bridge</h2>
 * Every request gets a {@link org.thrjob.ichannel.Slot}. Whoever computes the answer, on any
 * thread, replies to the slot once ({@link org.thrjob.ichannel.ReplyBridge#reply}); a second reply
 * throws. Replies leave a connection in request order, whatever order they were computed in. A
 * reply from a worker is handed to the main thread through one mailbox: many replies posted in one
 * turn cost one main-queue job, and each connection gets one write per turn. A slot whose
 * connection closed accepts its reply and drops it.
 *
 * <h2>The wire</h2>
 * Requests are RESP multibulk ({@code *2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n}) or inline
 * ({@code ECHO hi\r\n}), split across reads or many per read (pipelining). Bad input is answered
 * with Redis's own error text ({@code -ERR Protocol error: invalid bulk length}) and the connection
 * is closed once the replies before it were written. Replies ({@link org.thrjob.ichannel.Reply})
 * are written in the RESP version of their connection: RESP3 types are mapped to RESP2 ones as
 * Redis maps them.
 */
package org.thrjob.ichannel;
