package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.FAST;
import static org.thrjob.blocking.CommandFlag.MAY_BLOCK;
import static org.thrjob.blocking.CommandFlag.READONLY;
import static org.thrjob.blocking.CommandFlag.WRITE;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.ContextFlag;

/**
 * The list commands: LPUSH, RPUSH, LPOP, RPOP, LLEN, LRANGE, and BLPOP/BRPOP, which block on keys
 * through modules-blocking: a push that creates its key signals it ready (as Redis's dbAdd), and
 * the dispatcher serves the clients blocked on it in the order they blocked.
 *
 * <p><b>Thread-safety:</b> the commands and callbacks run on the main thread.
 */
final class ListCommands {

    private final RedisServer server;

    ListCommands(RedisServer server) {
        this.server = server;
    }

    void register(CommandRegistry r) {
        r.register("lpush", -3, (c, a) -> push(c, a, true), WRITE, FAST);
        r.register("rpush", -3, (c, a) -> push(c, a, false), WRITE, FAST);
        r.register("lpop", -2, (c, a) -> pop(c, a, true), WRITE, FAST);
        r.register("rpop", -2, (c, a) -> pop(c, a, false), WRITE, FAST);
        r.register("llen", 2, this::llen, READONLY, FAST);
        r.register("lrange", 4, this::lrange, READONLY);
        r.register("blpop", -3, (c, a) -> bpop(c, a, true), WRITE, MAY_BLOCK);
        r.register("brpop", -3, (c, a) -> bpop(c, a, false), WRITE, MAY_BLOCK);
    }

    private KeyStore ks() {
        return server.keys();
    }

    /** The list at a key; null if none; {@link #WRONG} if the key holds another type. */
    @SuppressWarnings("unchecked")
    private ArrayDeque<byte[]> list(CommandContext ctx, Key key) {
        Object value = ks().lookup(ctx.db(), key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ArrayDeque)) {
            ctx.replyError(Values.WRONGTYPE);
            return WRONG;
        }
        return (ArrayDeque<byte[]>) value;
    }

    private static final ArrayDeque<byte[]> WRONG = new ArrayDeque<>();

    private void push(CommandContext ctx, List<byte[]> args, boolean left) {
        Key key = new Key(args.get(1));
        ArrayDeque<byte[]> list = list(ctx, key);
        if (list == WRONG) {
            return;
        }
        boolean created = list == null;
        if (created) {
            list = new ArrayDeque<>();
            ks().put(ctx.db(), key, list, true);
        }
        for (int i = 2; i < args.size(); i++) {
            if (left) {
                list.addFirst(args.get(i));
            } else {
                list.addLast(args.get(i));
            }
        }
        ctx.replyInteger(list.size());
        server.propagate(ctx.db(), args);
        if (created) {
            // Redis's dbAdd signals a key only when it is created: a push on an existing list
            // wakes no one, since nobody blocks on a non-empty list but a module waiting for more
            ctx.signalKeyAsReady(args.get(1));
        }
    }

    private void pop(CommandContext ctx, List<byte[]> args, boolean left) {
        if (args.size() > 3) {
            ctx.replyError(Args.SYNTAX);
            return;
        }
        long count = -1;
        if (args.size() == 3) {
            Long n = Args.parseLong(args.get(2));
            if (n == null || n < 0) {
                ctx.replyError(Args.NOT_POSITIVE);
                return;
            }
            count = n;
        }
        Key key = new Key(args.get(1));
        ArrayDeque<byte[]> list = list(ctx, key);
        if (list == WRONG) {
            return;
        }
        if (list == null) {
            if (count >= 0) {
                server.nullArray(ctx.clientId());
            }
            ctx.replyNull();
            return;
        }
        if (count < 0) {
            ctx.replyBulk(left ? list.pollFirst() : list.pollLast());
        } else {
            int n = (int) Math.min(count, list.size());
            ctx.replyArray(n);
            for (int i = 0; i < n; i++) {
                ctx.replyBulk(left ? list.pollFirst() : list.pollLast());
            }
        }
        if (list.isEmpty()) {
            ks().delete(ctx.db(), key, false);
        }
        server.propagate(ctx.db(), args);
    }

    private void llen(CommandContext ctx, List<byte[]> args) {
        ArrayDeque<byte[]> list = list(ctx, new Key(args.get(1)));
        if (list != WRONG) {
            ctx.replyInteger(list == null ? 0 : list.size());
        }
    }

    private void lrange(CommandContext ctx, List<byte[]> args) {
        Long start = Args.parseLong(args.get(2));
        Long stop = Args.parseLong(args.get(3));
        if (start == null || stop == null) {
            ctx.replyError(Args.NOT_INTEGER);
            return;
        }
        ArrayDeque<byte[]> list = list(ctx, new Key(args.get(1)));
        if (list == WRONG) {
            return;
        }
        int size = list == null ? 0 : list.size();
        long from = start < 0 ? Math.max(0, size + start) : start;
        long to = stop < 0 ? size + stop : Math.min(stop, size - 1L);
        if (list == null || from > to || from >= size) {
            ctx.replyArray(0);
            return;
        }
        ctx.replyArray((int) (to - from + 1));
        Iterator<byte[]> it = list.iterator();
        for (long i = 0; i <= to; i++) {
            byte[] element = it.next();
            if (i >= from) {
                ctx.replyBulk(element);
            }
        }
    }

    private void bpop(CommandContext ctx, List<byte[]> args, boolean left) {
        Double seconds = Args.parseDouble(args.get(args.size() - 1));
        if (seconds == null || Double.isInfinite(seconds)) {
            ctx.replyError("ERR timeout is not a float or out of range");
            return;
        }
        if (seconds < 0) {
            ctx.replyError("ERR timeout is negative");
            return;
        }
        List<byte[]> keys = args.subList(1, args.size() - 1);
        for (byte[] k : keys) {
            Key key = new Key(k);
            ArrayDeque<byte[]> list = list(ctx, key);
            if (list == WRONG) {
                return;
            }
            if (list != null) {
                serve(ctx, key, list, left);
                return;
            }
        }
        if (ctx.contextFlags().contains(ContextFlag.MULTI) || ctx.contextFlags().contains(ContextFlag.DENY_BLOCKING)) {
            server.nullArray(ctx.clientId());
            ctx.replyNull(); // inside MULTI or a module's call a blocking pop does not block, as in Redis
            return;
        }
        long timeoutMs = (long) Math.ceil(seconds * 1000);
        ctx.blockClientOnKeys((c, a) -> {
            Key key = new Key(c.readyKey());
            Object value = ks().lookup(c.db(), key);
            if (!(value instanceof ArrayDeque)) {
                return false; // gone again, or now another type: keep waiting, as Redis does
            }
            @SuppressWarnings("unchecked")
            ArrayDeque<byte[]> list = (ArrayDeque<byte[]>) value;
            serve(c, key, list, left);
            return true;
        }, (c, a) -> {
            server.nullArray(c.clientId());
            c.replyNull();
        }, null, timeoutMs, keys, null, false);
    }

    /** Pops for a blocking pop: replies {@code [key, element]} and propagates a plain pop. */
    private void serve(CommandContext ctx, Key key, ArrayDeque<byte[]> list, boolean left) {
        byte[] element = left ? list.pollFirst() : list.pollLast();
        ctx.replyArray(2);
        ctx.replyBulk(key.bytes());
        ctx.replyBulk(element);
        if (list.isEmpty()) {
            ks().delete(ctx.db(), key, false);
        }
        server.propagate(ctx.db(), List.of(Args.bytes(left ? "LPOP" : "RPOP"), key.bytes()));
    }
}
