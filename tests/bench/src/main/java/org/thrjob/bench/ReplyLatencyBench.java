package org.thrjob.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.thrjob.api.Thr;
import org.thrjob.ichannel.ChannelConfig;
import org.thrjob.ichannel.EventLoop;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;

/**
 * Worker-to-main-thread reply latency: from {@code reply()} on a thread that is not the main
 * thread to the reply's bytes arriving at the client, beside a plain {@code Selector.wakeup}
 * hand-off. Sample-time mode: read the {@code p0.50} line for the median.
 *
 * <p>One operation: the benchmark thread (playing the worker: any thread but the main one takes
 * the same path) hands a 4-byte reply ({@code :1\r\n}) to the server's loop thread, which writes
 * it to a loopback socket; the benchmark thread reads it from the client end, then sends the next
 * request so that a request is always waiting to be answered (16 are kept in flight).
 * <ul>
 *   <li>{@code thr-<provider>}: an ichannel {@link EventLoop} on its own thread; requests are
 *       parked by the handler, and the operation is {@code slot.reply(Reply.integer(1))}: the
 *       bridge's mailbox, one main-queue post, the wakeup hook, the drain, the encoding and the
 *       write;</li>
 *   <li>{@code selector-wakeup}: the baseline, a bare loop thread on its own {@code Selector};
 *       the operation is {@code queue.offer(bytes); selector.wakeup()}, and the loop writes what
 *       it polls.</li>
 * </ul>
 * Target (issue 6): the median within a few microseconds of the baseline, and the wakeup of a
 * sleeping loop within 1 ms at the median.
 *
 * <p>Run it alone with
 * <pre>
 * tests/bench/run.sh ReplyLatencyBench
 * </pre>
 * or by hand:
 * <pre>
 * java -Dthr.provider=forkjoin -jar tests/bench/target/benchmarks.jar ReplyLatencyBench \
 *     -f 3 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 *
 * <p>Thread-safety: the benchmark thread owns the client socket; the parked slots cross threads
 * through a concurrent queue; each loop owns its server side.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplyLatencyBench {

    private static final int IN_FLIGHT = 16;
    private static final byte[] REQUEST = "PARK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLY = ":1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Which contender runs: a thrjob provider ({@code thr-<name>}) or the JDK baseline. */
    @Param({"thr-threads", "thr-forkjoin", "selector-wakeup"})
    public String impl;

    private Thr thr;
    private EventLoop loop;
    private Thread loopThread;
    private final ConcurrentLinkedQueue<Slot> parked = new ConcurrentLinkedQueue<>();
    private WakeupLoop baseline;
    private SocketChannel client;
    private final ByteBuffer request = ByteBuffer.wrap(REQUEST);
    private final ByteBuffer reply = ByteBuffer.allocateDirect(REPLY.length);
    private final Reply one = Reply.integer(1);

    /** For JMH. */
    public ReplyLatencyBench() {
    }

    /**
     * Starts the contender, connects the client and puts the first requests in flight.
     *
     * @throws IOException if a socket cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        InetSocketAddress address;
        if (Pools.isThr(impl)) {
            thr = Pools.newThr(impl);
            loop = EventLoop.open(thr, ChannelConfig.builder().port(0).build(),
                    (connection, args, slot) -> parked.add(slot));
            loopThread = new Thread(loop::run, "bench-main");
            loopThread.start();
            address = loop.localAddress();
        } else if (impl.equals("selector-wakeup")) {
            baseline = new WakeupLoop();
            address = baseline.address();
        } else {
            throw Pools.unknown(impl);
        }
        client = SocketChannel.open(address);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (baseline != null) {
            baseline.awaitClient();
        }
        for (int i = 0; i < IN_FLIGHT; i++) {
            send();
        }
    }

    /**
     * Stops the contender and joins its thread.
     *
     * @throws Exception if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        client.close();
        if (loop != null) {
            loop.stop();
            loopThread.join(30_000);
            Pools.close(thr);
        }
        if (baseline != null) {
            baseline.close();
        }
    }

    /**
     * Hands one reply to the loop thread and waits for its bytes at the client.
     *
     * @return the first byte read, so nothing is optimized away
     * @throws IOException if the socket fails
     */
    @Benchmark
    public byte replyToBytesWritten() throws IOException {
        if (loop != null) {
            Slot slot;
            while ((slot = parked.poll()) == null) {
                Thread.onSpinWait(); // the request is still on its way in
            }
            slot.reply(one);
        } else {
            baseline.hand(REPLY);
        }
        reply.clear();
        while (reply.hasRemaining()) {
            if (client.read(reply) < 0) {
                throw new IOException("the server closed the connection");
            }
        }
        send();
        return reply.get(0);
    }

    private void send() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            client.write(request);
        }
    }

    /** The baseline: a thread sleeping in {@code select()}, woken to write what it is handed. */
    private static final class WakeupLoop {
        private final Selector selector = Selector.open();
        private final ServerSocketChannel server = ServerSocketChannel.open();
        private final ConcurrentLinkedQueue<byte[]> handed = new ConcurrentLinkedQueue<>();
        private final Thread thread = new Thread(this::run, "bench-wakeup-loop");
        private final java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);
        private final ByteBuffer sink = ByteBuffer.allocateDirect(4096);
        private volatile boolean stop;
        private SocketChannel peer;

        WakeupLoop() throws IOException {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        void awaitClient() throws IOException {
            try {
                if (!accepted.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the baseline loop did not accept the client within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        void hand(byte[] bytes) {
            handed.offer(bytes);
            selector.wakeup();
        }

        private void run() {
            try {
                while (!stop) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isAcceptable()) {
                            peer = server.accept();
                            peer.configureBlocking(false);
                            peer.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            peer.register(selector, SelectionKey.OP_READ);
                            accepted.countDown();
                        } else if (key.isReadable()) {
                            sink.clear();
                            peer.read(sink); // the requests only pace the client: dropped
                        }
                    }
                    selector.selectedKeys().clear();
                    byte[] bytes;
                    while ((bytes = handed.poll()) != null) {
                        ByteBuffer out = ByteBuffer.wrap(bytes);
                        while (out.hasRemaining()) {
                            peer.write(out);
                        }
                    }
                }
            } catch (IOException e) {
                if (!stop) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void close() throws Exception {
            stop = true;
            selector.wakeup();
            thread.join(30_000);
            if (peer != null) {
                peer.close();
            }
            server.close();
            selector.close();
        }
    }
}
