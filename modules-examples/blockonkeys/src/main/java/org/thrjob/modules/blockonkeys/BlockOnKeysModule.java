package org.thrjob.modules.blockonkeys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandFlag;
import org.thrjob.blocking.CommandModule;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.KeySpace;
import org.thrjob.blocking.Replies;

/**
 * Redis's {@code blockonkeys} test module (tests/modules/blockonkeys.c):
 *
 * <ul>
 *   <li>{@code FSL.PUSH key int}: appends to the fixed-size list (creating it) and signals the key
 *       ready; {@code -ERR list is full}, {@code -ERR new element has to be greater than the head
 *       element}, {@code -ERR invalid integer}.</li>
 *   <li>{@code FSL.PUSHTIMER key int period}: the same push, made by a timer on the main thread
 *       {@code period} ms later ({@link CommandContext#createTimer}); replies the timer's id;
 *       {@code -ERR invalid period}.</li>
 *   <li>{@code FSL.BPOP key timeout [NO_TO_CB]}: pops the last element, or blocks on the key
 *       until it has one; {@code +Request timedout}, or with NO_TO_CB no timeout callback (so
 *       CLIENT UNBLOCK cannot release it).</li>
 *   <li>{@code FSL.BPOPGT key gt timeout}: pops the last element once it is greater than
 *       {@code gt}; woken when the key is deleted too, answering {@code -UNBLOCKED key no longer
 *       exists}; {@code -ERR key must exist}.</li>
 *   <li>{@code FSL.BPOPPUSH src dst timeout}: moves the last element of {@code src} to {@code dst},
 *       blocking on {@code src} while it is empty.</li>
 *   <li>{@code FSL.GETALL key}: every element.</li>
 *   <li>{@code BLOCKONKEYS.POPALL key}: blocks (3 s, then {@code -ERR Timeout}) on an empty key
 *       until a native list is there, then pops it all; {@code -ERR Key not empty}.</li>
 *   <li>{@code BLOCKONKEYS.LPUSH key val...}: LPUSH into a native list (signalling the key only
 *       when it creates it, as Redis's list API does); {@code BLOCKONKEYS.LPUSH_UNBLOCK} signals
 *       it every time.</li>
 *   <li>{@code BLOCKONKEYS.BLPOPN key n [timeout]}: pops {@code n} elements once the list has
 *       them, blocking up to {@code timeout} ms, 3000 by default ({@code -ERR Timeout}); with a
 *       timeout of 0 it blocks for ever and an explicit unblock replies {@code +Action aborted};
 *       {@code -ERR Invalid N}, {@code -ERR Invalid timeout value}.</li>
 *   <li>{@code BLOCKONKEYS.BLPOPN_OR_UNBLOCK key n [timeout]}: the same, but a signal that finds
 *       too few elements unblocks the client from its key-ready callback
 *       ({@link CommandContext#blockedClient()}), which runs the timeout callback.</li>
 * </ul>
 *
 * <p>A key of another type gets {@code -WRONGTYPE ...} and, as in Redis, adds one to the string key
 * {@code fsl_wrong_type}: a client blocked on a key is woken by a write of any type, and each
 * such wrong-type wake-up is counted there.
 *
 * <p>Native lists are the server's values as its list commands store them (a deque of byte
 * arrays, head first); this module's FSL values are {@link FixedSizeList}s.
 *
 * <p>Thread-safety: commands and callbacks run on the host's main thread only.
 */
public final class BlockOnKeysModule implements CommandModule {

    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    /** How long BLOCKONKEYS.POPALL and BLPOPN wait, as in Redis. */
    private static final long NATIVE_TIMEOUT_MS = 3000;
    private static final FixedSizeList WRONG = new FixedSizeList();
    private static final byte[] WRONG_TYPE_COUNTER = "fsl_wrong_type".getBytes(StandardCharsets.US_ASCII);

    /** Called by ServiceLoader. */
    public BlockOnKeysModule() {
    }

    @Override
    public String name() {
        return "blockonkeys";
    }

    @Override
    public void register(CommandRegistry registry) {
        registry.register("fsl.push", 3, this::fslPush, CommandFlag.WRITE);
        registry.register("fsl.pushtimer", 4, this::fslPushtimer, CommandFlag.WRITE);
        registry.register("fsl.bpop", -3, this::fslBpop, CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        registry.register("fsl.bpopgt", 4, this::fslBpopgt, CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        registry.register("fsl.bpoppush", 4, this::fslBpoppush, CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        registry.register("fsl.getall", 2, this::fslGetall, CommandFlag.READONLY);
        registry.register("blockonkeys.popall", 2, this::popall, CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        registry.register("blockonkeys.lpush", -3, (ctx, args) -> lpush(ctx, args, false), CommandFlag.WRITE);
        registry.register("blockonkeys.lpush_unblock", -3, (ctx, args) -> lpush(ctx, args, true), CommandFlag.WRITE);
        registry.register("blockonkeys.blpopn", -3, (ctx, args) -> blpopn(ctx, args, false),
                CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
        registry.register("blockonkeys.blpopn_or_unblock", -3, (ctx, args) -> blpopn(ctx, args, true),
                CommandFlag.WRITE, CommandFlag.MAY_BLOCK);
    }

    // ---------------------------------------------------------------- the FSL type

    /**
     * Redis's {@code get_fsl}: the list, null when the key is absent (or logically empty and not
     * asked to create), or {@link #WRONG} for another type (replied when {@code replyOnFailure},
     * counted in {@code fsl_wrong_type} always).
     */
    private static FixedSizeList getFsl(CommandContext ctx, byte[] key, boolean write, boolean create,
            boolean replyOnFailure) {
        return getFsl(ctx, ctx.keySpace(), ctx.db(), key, write, create, replyOnFailure);
    }

    /** As above, for any context that replies: a command's or a timer's. */
    private static FixedSizeList getFsl(Replies out, KeySpace ks, int db, byte[] key, boolean write,
            boolean create, boolean replyOnFailure) {
        Object value = ks.get(db, key);
        if (value != null) {
            if (!(value instanceof FixedSizeList)) {
                if (replyOnFailure) {
                    out.replyError(WRONGTYPE);
                }
                countWrongType(ks, db);
                return WRONG;
            }
            FixedSizeList fsl = (FixedSizeList) value;
            if (fsl.length > 0 || !write || create) {
                return fsl;
            }
            ks.delete(db, key); // logically empty: gone, as Redis's DeleteKey
            return null;
        }
        if (!create) {
            return null;
        }
        FixedSizeList fsl = new FixedSizeList();
        ks.set(db, key, fsl);
        return fsl;
    }

    /** Redis's {@code RedisModule_Call(ctx, "INCR", "c", "fsl_wrong_type")}, done on the value. */
    private static void countWrongType(KeySpace ks, int db) {
        Object counter = ks.get(db, WRONG_TYPE_COUNTER);
        long n = 0;
        if (counter instanceof byte[]) {
            Long parsed = parseLong((byte[]) counter);
            if (parsed == null) {
                return; // INCR would fail: not an integer
            }
            n = parsed;
        } else if (counter != null) {
            return; // INCR would fail: wrong type
        }
        ks.set(db, WRONG_TYPE_COUNTER, Long.toString(n + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private void fslPush(CommandContext ctx, List<byte[]> args) {
        Long element = parseLong(args.get(2));
        if (element == null) {
            ctx.replyError("ERR invalid integer");
            return;
        }
        FixedSizeList fsl = getFsl(ctx, args.get(1), true, true, true);
        if (fsl == WRONG) {
            return;
        }
        if (fsl.length == FixedSizeList.CAPACITY) {
            ctx.replyError("ERR list is full");
            return;
        }
        if (fsl.length != 0 && fsl.last() >= element) {
            ctx.replyError("ERR new element has to be greater than the head element");
            return;
        }
        fsl.push(element);
        ctx.signalKeyAsReady(args.get(1));
        ctx.replySimple("OK");
    }

    /**
     * Redis's {@code FSL.PUSHTIMER}: checks the list now, then pushes the element from a timer on
     * the main thread {@code period} ms later, signalling the key as FSL.PUSH does; replies the
     * timer's id. The timer drops the element silently if it no longer fits.
     */
    private void fslPushtimer(CommandContext ctx, List<byte[]> args) {
        Long element = parseLong(args.get(2));
        if (element == null) {
            ctx.replyError("ERR invalid integer");
            return;
        }
        Long period = parseLong(args.get(3));
        if (period == null || period < 0) {
            ctx.replyError("ERR invalid period");
            return;
        }
        FixedSizeList fsl = getFsl(ctx, args.get(1), true, true, true);
        if (fsl == WRONG) {
            return;
        }
        if (fsl.length == FixedSizeList.CAPACITY) {
            ctx.replyError("ERR list is full");
            return;
        }
        byte[] key = args.get(1).clone();
        long element0 = element;
        ctx.replyInteger(ctx.createTimer(period, t -> {
            FixedSizeList list = getFsl(t, t.keySpace(), t.db(), key, true, true, true);
            if (list == WRONG || list.length == FixedSizeList.CAPACITY
                    || list.length != 0 && list.last() >= element0) {
                return; // full, or the element no longer greater than the head: dropped, as in Redis
            }
            list.push(element0);
            t.signalKeyAsReady(key);
        }));
    }

    private void fslBpop(CommandContext ctx, List<byte[]> args) {
        Long timeout = parseLong(args.get(2));
        if (timeout == null || timeout < 0) {
            ctx.replyError("ERR invalid timeout");
            return;
        }
        boolean timeoutCallback = true;
        if (args.size() == 4) {
            if (!"NO_TO_CB".equalsIgnoreCase(new String(args.get(3), StandardCharsets.UTF_8))) {
                ctx.replyError("ERR invalid argument");
                return;
            }
            timeoutCallback = false;
        }
        FixedSizeList fsl = getFsl(ctx, args.get(1), true, false, true);
        if (fsl == WRONG) {
            return;
        }
        if (fsl != null) {
            ctx.replyInteger(fsl.pop());
            return;
        }
        ctx.<Void>blockClientOnKeys((c, a) -> {
            FixedSizeList ready = getFsl(c, c.readyKey(), true, false, false);
            if (ready == WRONG || ready == null) {
                return false;
            }
            c.replyInteger(ready.pop());
            return true;
        }, timeoutCallback ? (c, a) -> c.replySimple("Request timedout") : null,
                (c, p) -> { }, timeout, List.of(args.get(1)), null, false);
    }

    private void fslBpopgt(CommandContext ctx, List<byte[]> args) {
        Long gt = parseLong(args.get(2));
        if (gt == null) {
            ctx.replyError("ERR invalid integer");
            return;
        }
        Long timeout = parseLong(args.get(3));
        if (timeout == null || timeout < 0) {
            ctx.replyError("ERR invalid timeout");
            return;
        }
        FixedSizeList fsl = getFsl(ctx, args.get(1), true, false, true);
        if (fsl == WRONG) {
            return;
        }
        if (fsl == null) {
            ctx.replyError("ERR key must exist");
            return;
        }
        if (fsl.last() > gt) {
            ctx.replyInteger(fsl.pop());
            return;
        }
        ctx.<Long>blockClientOnKeys((c, a) -> {
            FixedSizeList ready = getFsl(c, c.readyKey(), true, false, false);
            if (ready == WRONG || ready == null) {
                c.replyError("UNBLOCKED key no longer exists");
                return true;
            }
            if (ready.last() <= c.<Long>blockedPrivdata()) {
                return false;
            }
            c.replyInteger(ready.pop());
            return true;
        }, (c, a) -> c.replySimple("Request timedout"), (c, p) -> { }, timeout, List.of(args.get(1)), gt, true);
    }

    private void fslBpoppush(CommandContext ctx, List<byte[]> args) {
        Long timeout = parseLong(args.get(3));
        if (timeout == null || timeout < 0) {
            ctx.replyError("ERR invalid timeout");
            return;
        }
        FixedSizeList src = getFsl(ctx, args.get(1), true, false, true);
        if (src == WRONG) {
            return;
        }
        if (src == null) {
            ctx.<byte[]>blockClientOnKeys((c, a) -> {
                FixedSizeList from = getFsl(c, c.readyKey(), true, false, false);
                if (from == WRONG || from == null) {
                    return false;
                }
                byte[] dstKey = c.<byte[]>blockedPrivdata();
                FixedSizeList to = getFsl(c, dstKey, true, true, false);
                if (to == WRONG || to == null) {
                    return false;
                }
                long element = from.pop();
                to.push(element);
                c.signalKeyAsReady(dstKey);
                c.replyInteger(element);
                return true;
            }, (c, a) -> c.replySimple("Request timedout"), (c, p) -> { }, timeout, List.of(args.get(1)),
                    args.get(2), false);
            return;
        }
        FixedSizeList dst = getFsl(ctx, args.get(2), true, true, true);
        if (dst == WRONG) {
            return;
        }
        long element = src.pop();
        dst.push(element);
        ctx.signalKeyAsReady(args.get(2));
        ctx.replyInteger(element);
    }

    private void fslGetall(CommandContext ctx, List<byte[]> args) {
        FixedSizeList fsl = getFsl(ctx, args.get(1), false, false, true);
        if (fsl == WRONG) {
            return;
        }
        if (fsl == null) {
            ctx.replyArray(0);
            return;
        }
        ctx.replyArray(fsl.length);
        for (int i = 0; i < fsl.length; i++) {
            ctx.replyInteger(fsl.list[i]);
        }
    }

    // ---------------------------------------------------------------- native lists

    @SuppressWarnings("unchecked")
    private static ArrayDeque<byte[]> nativeList(Object value) {
        return value instanceof ArrayDeque ? (ArrayDeque<byte[]>) value : null;
    }

    private void popall(CommandContext ctx, List<byte[]> args) {
        if (ctx.keySpace().get(ctx.db(), args.get(1)) != null) {
            ctx.replyError("ERR Key not empty");
            return;
        }
        ctx.<Void>blockClientOnKeys((c, a) -> {
            byte[] key = a.get(1);
            ArrayDeque<byte[]> list = nativeList(c.keySpace().get(c.db(), key));
            if (list == null) {
                c.replyError("ERR Not a list");
                return true;
            }
            c.replyArray(list.size());
            while (!list.isEmpty()) {
                c.replyBulk(list.pollFirst());
            }
            c.keySpace().delete(c.db(), key); // an emptied list is no key, as in Redis
            return true;
        }, (c, a) -> c.replyError("ERR Timeout"), (c, p) -> { }, NATIVE_TIMEOUT_MS, List.of(args.get(1)), null, false);
    }

    private void lpush(CommandContext ctx, List<byte[]> args, boolean alwaysSignal) {
        byte[] key = args.get(1);
        Object value = ctx.keySpace().get(ctx.db(), key);
        ArrayDeque<byte[]> list = nativeList(value);
        if (value != null && list == null) {
            ctx.replyError(WRONGTYPE);
            return;
        }
        boolean created = list == null;
        if (created) {
            list = new ArrayDeque<>();
            ctx.keySpace().set(ctx.db(), key, list);
        }
        for (int i = 2; i < args.size(); i++) {
            list.addFirst(args.get(i));
        }
        if (created || alwaysSignal) {
            ctx.signalKeyAsReady(key);
        }
        ctx.replySimple("OK");
    }

    private void blpopn(CommandContext ctx, List<byte[]> args, boolean orUnblock) {
        Long n = parseLong(args.get(2));
        if (n == null) {
            ctx.replyError("ERR Invalid N");
            return;
        }
        long timeout = NATIVE_TIMEOUT_MS;
        if (args.size() > 3) {
            Long given = parseLong(args.get(3));
            if (given == null || given < 0) {
                ctx.replyError("ERR Invalid timeout value");
                return;
            }
            timeout = given;
        }
        Object value = ctx.keySpace().get(ctx.db(), args.get(1));
        ArrayDeque<byte[]> list = nativeList(value);
        if (value != null && list == null) {
            ctx.replyError(WRONGTYPE);
            return;
        }
        if (list != null && list.size() >= n) {
            popN(ctx, args.get(1), list, n);
            return;
        }
        ctx.<Void>blockClientOnKeys((c, a) -> {
            Object v = c.keySpace().get(c.db(), a.get(1));
            ArrayDeque<byte[]> l = nativeList(v);
            if (l != null && l.size() >= n) {
                popN(c, a.get(1), l, n);
                return true;
            }
            if (v == null || l != null) {
                if (orUnblock) {
                    c.blockedClient().unblock(null); // runs the timeout callback, not this one again
                }
                return false; // continue blocking
            }
            c.replyError(WRONGTYPE);
            return true;
        }, timeout != 0 ? (c, a) -> c.replyError("ERR Timeout") : (c, a) -> c.replySimple("Action aborted"),
                (c, p) -> { }, timeout, List.of(args.get(1)), null, false);
    }

    private static void popN(CommandContext ctx, byte[] key, ArrayDeque<byte[]> list, long n) {
        ctx.replyArray((int) n);
        for (long i = 0; i < n; i++) {
            ctx.replyBulk(list.pollFirst());
        }
        if (list.isEmpty()) {
            ctx.keySpace().delete(ctx.db(), key);
        }
    }

    /** Redis's {@code RedisModule_StringToLongLong}: the whole string a signed 64-bit decimal. */
    static Long parseLong(byte[] arg) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        if (s.isEmpty() || s.length() > 1 && s.charAt(0) == '0' || s.startsWith("+") || s.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
