package org.thrjob.modules.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Sends a command Jedis does not know (a module's) and decodes the reply: bulk and simple strings
 * as String, integers as Long, arrays as List, null as null, an error reply as its text prefixed
 * with {@code "-"} (so tests compare Redis's error texts as the Tcl tests do).
 *
 * <p>Thread-safety: stateless; a Jedis connection is used by one thread at a time.
 */
public final class Calls {

    private Calls() {
    }

    /**
     * Sends {@code args} and returns the decoded reply.
     *
     * @param jedis the connection; not null
     * @param args  the command name and its arguments; at least the name
     * @return the reply, decoded as the class comment says
     */
    public static Object call(Jedis jedis, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        try {
            return decode(jedis.sendCommand(() -> args[0].getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(args, 1, args.length)));
        } catch (JedisDataException e) {
            return "-" + e.getMessage();
        }
    }

    /**
     * A client for {@link #send(Jedis, String...)}: Redis's {@code redis_deferring_client}.
     *
     * @param port the server's port on 127.0.0.1
     * @return a connected client whose {@code send} writes at once
     */
    public static Jedis deferringClient(int port) {
        return new Jedis(new FlushingConnection(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder()
                .socketTimeoutMillis((int) ExampleServers.TIMEOUT.toMillis()).build()));
    }

    /**
     * Sends {@code args} without reading the reply, as Redis's deferring client does; read it
     * with {@link #read(Jedis)}.
     *
     * @param jedis a client from {@link #deferringClient(int)} (others buffer the request)
     * @param args  the command name and its arguments
     * @throws IllegalArgumentException if {@code jedis} is not a deferring client
     */
    public static void send(Jedis jedis, String... args) {
        if (!(jedis.getConnection() instanceof FlushingConnection)) {
            throw new IllegalArgumentException("send needs a client from Calls.deferringClient: Jedis buffers requests");
        }
        FlushingConnection connection = (FlushingConnection) jedis.getConnection();
        connection.sendCommand(() -> args[0].getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(args, 1, args.length));
        connection.flushNow();
    }

    /** Jedis's connection with its flush open, so a request leaves before its reply is read. */
    private static final class FlushingConnection extends Connection {
        FlushingConnection(HostAndPort address, DefaultJedisClientConfig config) {
            super(address, config);
        }

        void flushNow() {
            flush();
        }
    }

    /**
     * Reads one reply of a command sent with {@link #send(Jedis, String...)}.
     *
     * @param jedis the connection; not null
     * @return the reply, decoded as the class comment says
     */
    public static Object read(Jedis jedis) {
        try {
            return decode(jedis.getConnection().getOne());
        } catch (JedisDataException e) {
            return "-" + e.getMessage();
        }
    }

    private static Object decode(Object reply) {
        if (reply instanceof byte[]) {
            return new String((byte[]) reply, StandardCharsets.UTF_8);
        }
        if (reply instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object element : (List<?>) reply) {
                out.add(element instanceof JedisDataException ? "-" + ((JedisDataException) element).getMessage()
                        : decode(element));
            }
            return out;
        }
        return reply;
    }
}
