package org.thrjob.ichannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket to the server, for bytes no client library would send. Reads are bounded by
 * {@link Providers#TIMEOUT}: a read that runs out fails the test.
 *
 * <p>Thread-safety: one thread at a time.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Providers.TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads exactly {@code n} bytes. */
    String read(int n) throws IOException {
        byte[] buffer = new byte[n];
        int done = 0;
        while (done < n) {
            int r;
            try {
                r = in.read(buffer, done, n - done);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no reply within " + Providers.TIMEOUT + "; got '"
                        + new String(buffer, 0, done, StandardCharsets.ISO_8859_1) + "'", e);
            }
            if (r < 0) {
                throw new AssertionError("the server closed after '"
                        + new String(buffer, 0, done, StandardCharsets.ISO_8859_1) + "', expected " + n + " bytes");
            }
            done += r;
        }
        return new String(buffer, StandardCharsets.ISO_8859_1);
    }

    /** Reads until the server closes the connection. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int r;
            try {
                r = in.read(buffer);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close within " + Providers.TIMEOUT + "; got '"
                        + all.toString(StandardCharsets.ISO_8859_1) + "'", e);
            } catch (IOException e) {
                return all.toString(StandardCharsets.ISO_8859_1); // reset by peer: closed too
            }
            if (r < 0) {
                return all.toString(StandardCharsets.ISO_8859_1);
            }
            all.write(buffer, 0, r);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
