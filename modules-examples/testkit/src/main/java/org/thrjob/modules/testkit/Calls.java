package org.thrjob.modules.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * Sends {@code args} without reading the reply, as Redis's deferring client does; read it
     * with {@link #read(Jedis)}.
     *
     * @param jedis the connection; not null
     * @param args  the command name and its arguments
     */
    public static void send(Jedis jedis, String... args) {
        jedis.getConnection().sendCommand(() -> args[0].getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(args, 1, args.length));
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
