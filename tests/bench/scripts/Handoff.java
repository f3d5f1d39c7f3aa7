import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.SynchronousQueue;

/**
 * The BLPOP/LPUSH hand-off of tests/bench/server-compare.sh, run with the JDK's source launcher:
 * {@code java tests/bench/scripts/Handoff.java PORT COUNT}. One client blocks in {@code BLPOP q 0},
 * another pushes one element with {@code LPUSH q x} only once the previous element was received:
 * a strict ping-pong, so each hand-off is one blocked client served. Prints hand-offs per second.
 *
 * <p>Thread-safety: one popper thread and the main (pusher) thread, meeting at a SynchronousQueue.
 */
public final class Handoff {

    private Handoff() {
    }

    private static byte[] command(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one RESP reply, of the kinds these commands get. */
    private static void readReply(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '*':
                for (int i = Integer.parseInt(line); i > 0; i--) {
                    readReply(in);
                }
                break;
            case '$':
                int len = Integer.parseInt(line);
                if (len >= 0) {
                    in.readNBytes(len + 2);
                }
                break;
            case '-':
                throw new IOException("error reply: " + line);
            case -1:
                throw new IOException("connection closed");
            default:
                break;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        SynchronousQueue<Boolean> received = new SynchronousQueue<>();
        try (Socket popper = new Socket("127.0.0.1", port); Socket pusher = new Socket("127.0.0.1", port)) {
            popper.setTcpNoDelay(true);
            pusher.setTcpNoDelay(true);
            OutputStream pushOut = pusher.getOutputStream();
            InputStream pushIn = new BufferedInputStream(pusher.getInputStream());
            pushOut.write(command("DEL", "handoff"));
            readReply(pushIn);
            Thread pop = new Thread(() -> {
                try {
                    OutputStream out = popper.getOutputStream();
                    InputStream in = new BufferedInputStream(popper.getInputStream());
                    byte[] blpop = command("BLPOP", "handoff", "0");
                    for (int i = 0; i < count; i++) {
                        out.write(blpop);
                        readReply(in);
                        received.put(Boolean.TRUE);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("the popper failed", e);
                }
            }, "popper");
            pop.setDaemon(true);
            pop.start();
            byte[] lpush = command("LPUSH", "handoff", "x");
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                pushOut.write(lpush);
                readReply(pushIn);
                if (received.poll(30, java.util.concurrent.TimeUnit.SECONDS) == null) {
                    throw new IllegalStateException("hand-off " + i + " not received within 30 s");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%.0f%n", count / seconds);
        }
    }
}
