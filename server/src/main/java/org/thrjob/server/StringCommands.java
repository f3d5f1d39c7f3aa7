package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.FAST;
import static org.thrjob.blocking.CommandFlag.READONLY;
import static org.thrjob.blocking.CommandFlag.WRITE;

import java.util.ArrayList;
import java.util.List;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandRegistry;

/**
 * The string commands: SET (EX, PX, EXAT, PXAT, NX, XX, KEEPTTL, GET), GET, INCR, DECR, MGET, MSET.
 *
 * <p><b>Thread-safety:</b> the commands run on the main thread.
 */
final class StringCommands {

    private final RedisServer server;

    StringCommands(RedisServer server) {
        this.server = server;
    }

    void register(CommandRegistry r) {
        r.register("set", -3, this::set, WRITE);
        r.register("get", 2, this::get, READONLY, FAST);
        r.register("incr", 2, (c, a) -> incrBy(c, a, 1), WRITE, FAST);
        r.register("decr", 2, (c, a) -> incrBy(c, a, -1), WRITE, FAST);
        r.register("mget", -2, this::mget, READONLY, FAST);
        r.register("mset", -3, this::mset, WRITE);
    }

    private KeyStore ks() {
        return server.keys();
    }

    private void set(CommandContext ctx, List<byte[]> args) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = -1;
        String unit = null;
        for (int i = 3; i < args.size(); i++) {
            byte[] a = args.get(i);
            boolean hasNext = i + 1 < args.size();
            if (Args.is(a, "NX") && !xx) {
                nx = true;
            } else if (Args.is(a, "XX") && !nx) {
                xx = true;
            } else if (Args.is(a, "GET")) {
                get = true;
            } else if (Args.is(a, "KEEPTTL") && unit == null) {
                keepTtl = true;
            } else if ((Args.is(a, "EX") || Args.is(a, "PX") || Args.is(a, "EXAT") || Args.is(a, "PXAT"))
                    && unit == null && !keepTtl && hasNext) {
                unit = Args.upper(a);
                Long n = Args.parseLong(args.get(++i));
                if (n == null) {
                    ctx.replyError(Args.NOT_INTEGER);
                    return;
                }
                if (n <= 0 || (unit.startsWith("E") && n > Long.MAX_VALUE / 1000)) {
                    ctx.replyError("ERR invalid expire time in 'set' command");
                    return;
                }
                long now = KeyStore.now();
                switch (unit) {
                    case "EX":
                        expireAt = now + n * 1000;
                        break;
                    case "PX":
                        expireAt = now + n;
                        break;
                    case "EXAT":
                        expireAt = n * 1000;
                        break;
                    default:
                        expireAt = n;
                        break;
                }
            } else {
                ctx.replyError(Args.SYNTAX);
                return;
            }
        }
        int db = ctx.db();
        Key key = new Key(args.get(1));
        Object old = ks().lookup(db, key);
        if (get && old != null && !(old instanceof byte[])) {
            ctx.replyError(Values.WRONGTYPE);
            return;
        }
        if ((nx && old != null) || (xx && old == null)) {
            if (get) {
                replyString(ctx, old);
            } else {
                ctx.replyNull();
            }
            return;
        }
        ks().put(db, key, args.get(2), !keepTtl);
        if (expireAt >= 0) {
            ks().expireAt(db, key, expireAt);
        }
        if (get) {
            replyString(ctx, old);
        } else {
            ctx.replySimple("OK");
        }
        if (expireAt >= 0) {
            // Relative times become absolute, so that a replay at start sets the same deadline.
            server.propagate(db, List.of(Args.bytes("SET"), args.get(1), args.get(2), Args.bytes("PXAT"),
                    Args.bytes(expireAt)));
        } else {
            server.propagate(db, args);
        }
    }

    private static void replyString(CommandContext ctx, Object value) {
        if (value == null) {
            ctx.replyNull();
        } else {
            ctx.replyBulk((byte[]) value);
        }
    }

    private void get(CommandContext ctx, List<byte[]> args) {
        Object value = ks().lookup(ctx.db(), new Key(args.get(1)));
        if (value != null && !(value instanceof byte[])) {
            ctx.replyError(Values.WRONGTYPE);
            return;
        }
        replyString(ctx, value);
    }

    private void incrBy(CommandContext ctx, List<byte[]> args, long by) {
        int db = ctx.db();
        Key key = new Key(args.get(1));
        Object value = ks().lookup(db, key);
        long current = 0;
        if (value != null) {
            if (!(value instanceof byte[])) {
                ctx.replyError(Values.WRONGTYPE);
                return;
            }
            Long n = Args.parseLong((byte[]) value);
            if (n == null) {
                ctx.replyError(Args.NOT_INTEGER);
                return;
            }
            current = n;
        }
        long next;
        try {
            next = Math.addExact(current, by);
        } catch (ArithmeticException e) {
            ctx.replyError(Args.OVERFLOW);
            return;
        }
        ks().put(db, key, Args.bytes(next), false);
        ctx.replyInteger(next);
        server.propagate(db, args);
    }

    private void mget(CommandContext ctx, List<byte[]> args) {
        ctx.replyArray(args.size() - 1);
        for (int i = 1; i < args.size(); i++) {
            Object value = ks().lookup(ctx.db(), new Key(args.get(i)));
            replyString(ctx, value instanceof byte[] ? value : null);
        }
    }

    private void mset(CommandContext ctx, List<byte[]> args) {
        if (args.size() % 2 == 0) {
            ctx.replyError(CommandRegistry.wrongArityError("mset"));
            return;
        }
        List<byte[]> copy = new ArrayList<>(args);
        for (int i = 1; i < copy.size(); i += 2) {
            ks().put(ctx.db(), new Key(copy.get(i)), copy.get(i + 1), true);
        }
        ctx.replySimple("OK");
        server.propagate(ctx.db(), args);
    }
}
