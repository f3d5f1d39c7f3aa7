package org.thrjob.ichannel;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.thrjob.api.Thr;

/**
 * The tests' request handler: a few Redis commands and a few for the tests, answered on the main
 * thread or on workers.
 *
 * <ul>
 *   <li>{@code PING [msg]}, {@code ECHO msg}, {@code HELLO [2|3]}, {@code CLIENT SETNAME/GETNAME/ID},
 *       {@code SELECT db}, {@code QUIT}: as Redis, on the main thread;</li>
 *   <li>{@code WECHO msg}: echoed from a worker;</li>
 *   <li>{@code HOLD msg}: held until {@link #batch} requests are held, then echoed by workers in
 *       shuffled order, each from a job of its own;</li>
 *   <li>{@code BOOM}: the handler throws; {@code TIMES}: created and last-active times;</li>
 *   <li>{@code PARK}: the slot is kept in {@link #parked} for the test to answer;</li>
 *   <li>{@code WHOAMI}: the connection's attributes; {@code TYPES}: one reply of each RESP3 type
 *       that Jedis reads.</li>
 * </ul>
 *
 * <p>Thread-safety: {@code onRequest} runs on the main thread; {@link #parked} is concurrent.
 */
final class EchoHandler implements RequestHandler {

    final Thr thr;
    final int batch;
    final ConcurrentLinkedQueue<Slot> parked = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Connection> closed = new ConcurrentLinkedQueue<>();
    /* Main thread only. */
    private List<Object[]> held = new ArrayList<>();

    EchoHandler(Thr thr) {
        this(thr, 100);
    }

    EchoHandler(Thr thr, int batch) {
        this.thr = thr;
        this.batch = batch;
    }

    @Override
    public void onRequest(Connection connection, List<byte[]> args, Slot slot) {
        String command = new String(args.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        switch (command) {
            case "PING" -> slot.reply(args.size() == 1 ? Reply.PONG : Reply.bulk(args.get(1)));
            case "ECHO" -> slot.reply(Reply.bulk(args.get(1)));
            case "WECHO" -> {
                byte[] value = args.get(1);
                thr.schedule(() -> slot.reply(Reply.bulk(value)));
            }
            case "HOLD" -> hold(args.get(1), slot);
            case "PARK" -> parked.add(slot);
            case "HELLO" -> hello(connection, args, slot);
            case "CLIENT" -> client(connection, args, slot);
            case "SELECT" -> {
                connection.db(Integer.parseInt(text(args.get(1))));
                slot.reply(Reply.OK);
            }
            case "QUIT" -> {
                slot.reply(Reply.OK);
                connection.closeAfterReplies();
            }
            case "WHOAMI" -> slot.reply(Reply.array(Reply.integer(connection.id()),
                    connection.name() == null ? Reply.nullBulk() : Reply.bulk(connection.name()),
                    Reply.integer(connection.db()), Reply.integer(connection.protocol()),
                    Reply.bulk(connection.peer().toString())));
            case "TYPES" -> slot.reply(Reply.array(Reply.doubleValue(3.5), Reply.bool(true),
                    Reply.bigNumber(new BigInteger("123456789012345678901234567890")),
                    Reply.map(Reply.bulk("k"), Reply.integer(1)),
                    Reply.set(List.of(Reply.bulk("s"))), Reply.nullBulk(),
                    Reply.verbatim("txt", "verbatim")));
            case "WATCHCLOSE" -> {
                connection.onClose(closed::add);
                slot.reply(Reply.OK);
            }
            case "TIMES" -> slot.reply(Reply.array(Reply.integer(connection.createdAt().toEpochMilli()),
                    Reply.integer(connection.lastActiveAt().toEpochMilli())));
            case "BOOM" -> throw new IllegalStateException("boom");
            default -> slot.reply(Reply.error("unknown command '" + command + "'"));
        }
    }

    private void hold(byte[] value, Slot slot) {
        held.add(new Object[] {slot, value});
        if (held.size() < batch) {
            return;
        }
        List<Object[]> these = held;
        held = new ArrayList<>();
        thr.schedule(() -> {
            Collections.shuffle(these, ThreadLocalRandom.current());
            for (Object[] entry : these) {
                thr.schedule(() -> ((Slot) entry[0]).reply(Reply.bulk((byte[]) entry[1])));
            }
        });
    }

    private static void hello(Connection connection, List<byte[]> args, Slot slot) {
        if (args.size() > 1) {
            int version;
            try {
                version = Integer.parseInt(text(args.get(1)));
            } catch (NumberFormatException e) {
                version = -1;
            }
            if (version != 2 && version != 3) {
                slot.reply(Reply.error("-NOPROTO unsupported protocol version"));
                return;
            }
            connection.protocol(version);
        }
        slot.reply(Reply.map(Reply.bulk("server"), Reply.bulk("thrjob"),
                Reply.bulk("version"), Reply.bulk("7.0.0"),
                Reply.bulk("proto"), Reply.integer(connection.protocol()),
                Reply.bulk("id"), Reply.integer(connection.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.array()));
    }

    private static void client(Connection connection, List<byte[]> args, Slot slot) {
        String sub = args.size() > 1 ? text(args.get(1)).toUpperCase(Locale.ROOT) : "";
        switch (sub) {
            case "SETNAME" -> {
                connection.name(text(args.get(2)));
                slot.reply(Reply.OK);
            }
            case "GETNAME" -> slot.reply(connection.name() == null ? Reply.nullBulk() : Reply.bulk(connection.name()));
            case "ID" -> slot.reply(Reply.integer(connection.id()));
            default -> slot.reply(Reply.OK);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
