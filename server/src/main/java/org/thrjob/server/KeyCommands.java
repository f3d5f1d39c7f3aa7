package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.FAST;
import static org.thrjob.blocking.CommandFlag.READONLY;
import static org.thrjob.blocking.CommandFlag.WRITE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandRegistry;

/**
 * The key-space commands: DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, EXPIRE, PEXPIREAT, TTL, PTTL,
 * DBSIZE, SELECT, SWAPDB, FLUSHDB and FLUSHALL.
 *
 * <p><b>Thread-safety:</b> the commands run on the main thread.
 */
final class KeyCommands {

    private final RedisServer server;
    private final KeyReadiness readiness;

    KeyCommands(RedisServer server) {
        this.server = server;
        this.readiness = new KeyReadiness(server);
    }

    void register(CommandRegistry r) {
        r.register("del", -2, (c, a) -> delete(c, a, false), WRITE);
        r.register("unlink", -2, (c, a) -> delete(c, a, true), WRITE, FAST);
        r.register("exists", -2, this::exists, READONLY, FAST);
        r.register("type", 2, this::type, READONLY, FAST);
        r.register("keys", 2, this::keys, READONLY);
        r.register("scan", -2, this::scan, READONLY);
        r.register("expire", 3, this::expire, WRITE, FAST);
        r.register("pexpireat", 3, this::pexpireat, WRITE, FAST);
        r.register("ttl", 2, (c, a) -> ttl(c, a, true), READONLY, FAST);
        r.register("pttl", 2, (c, a) -> ttl(c, a, false), READONLY, FAST);
        r.register("dbsize", 1, (c, a) -> c.replyInteger(server.keys().size(c.db())), READONLY, FAST);
        r.register("select", 2, this::select, FAST);
        r.register("swapdb", 3, this::swapdb, WRITE, FAST);
        r.register("flushdb", -1, (c, a) -> flush(c, a, false), WRITE);
        r.register("flushall", -1, (c, a) -> flush(c, a, true), WRITE);
    }

    private KeyStore ks() {
        return server.keys();
    }

    private void delete(CommandContext ctx, List<byte[]> args, boolean lazy) {
        int deleted = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ks().delete(ctx.db(), new Key(args.get(i)), lazy)) {
                deleted++;
            }
        }
        ctx.replyInteger(deleted);
        if (deleted > 0) {
            server.propagate(ctx.db(), args);
        }
    }

    private void exists(CommandContext ctx, List<byte[]> args) {
        int found = 0;
        for (int i = 1; i < args.size(); i++) {
            if (ks().lookup(ctx.db(), new Key(args.get(i))) != null) {
                found++;
            }
        }
        ctx.replyInteger(found);
    }

    private void type(CommandContext ctx, List<byte[]> args) {
        ctx.replySimple(Values.typeName(ks().lookup(ctx.db(), new Key(args.get(1)))));
    }

    private void keys(CommandContext ctx, List<byte[]> args) {
        List<Key> keys = ks().keys(ctx.db(), args.get(1));
        ctx.replyArray(keys.size());
        for (Key key : keys) {
            ctx.replyBulk(key.bytes());
        }
    }

    /**
     * SCAN: the cursor is a position in the order of the keys' hashes, so a key present from the
     * start to the end of a full iteration is returned at least once, whatever the table did
     * meanwhile (Redis's guarantee). Each call sorts the keys at or past the cursor: O(N log N),
     * which is fine for the sizes this server is tested with.
     */
    private void scan(CommandContext ctx, List<byte[]> args) {
        Long cursor = Args.parseLong(args.get(1));
        if (cursor == null || cursor < 0) {
            ctx.replyError("ERR invalid cursor");
            return;
        }
        byte[] match = null;
        long count = 10;
        String type = null;
        for (int i = 2; i < args.size(); i++) {
            if (i + 1 >= args.size()) {
                ctx.replyError(Args.SYNTAX);
                return;
            }
            byte[] option = args.get(i);
            byte[] value = args.get(++i);
            if (Args.is(option, "MATCH")) {
                match = value;
            } else if (Args.is(option, "COUNT")) {
                Long n = Args.parseLong(value);
                if (n == null) {
                    ctx.replyError(Args.NOT_INTEGER);
                    return;
                }
                if (n < 1) {
                    ctx.replyError(Args.SYNTAX);
                    return;
                }
                count = n;
            } else if (Args.is(option, "TYPE")) {
                type = Args.text(value).toLowerCase(java.util.Locale.ROOT);
            } else {
                ctx.replyError(Args.SYNTAX);
                return;
            }
        }
        List<Key> candidates = new ArrayList<>();
        for (Key key : ks().keys(ctx.db(), null)) {
            if (key.scanPosition() >= cursor) {
                candidates.add(key);
            }
        }
        candidates.sort(Comparator.comparingLong(Key::scanPosition));
        List<Key> page = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < candidates.size(); i++) {
            Key key = candidates.get(i);
            if (i >= count && key.scanPosition() != candidates.get(i - 1).scanPosition()) {
                next = key.scanPosition(); // keys sharing a position stay together
                break;
            }
            page.add(key);
        }
        List<Key> shown = new ArrayList<>();
        for (Key key : page) {
            if ((match == null || Glob.matches(match, key.bytes()))
                    && (type == null || Values.typeName(ks().lookup(ctx.db(), key)).equals(type))) {
                shown.add(key);
            }
        }
        ctx.replyArray(2);
        ctx.replyBulk(Long.toString(next));
        ctx.replyArray(shown.size());
        for (Key key : shown) {
            ctx.replyBulk(key.bytes());
        }
    }

    private void expire(CommandContext ctx, List<byte[]> args) {
        Long seconds = Args.parseLong(args.get(2));
        if (seconds == null) {
            ctx.replyError(Args.NOT_INTEGER);
            return;
        }
        if (seconds > Long.MAX_VALUE / 1000 - KeyStore.now() / 1000 || seconds < Long.MIN_VALUE / 1000) {
            ctx.replyError("ERR invalid expire time in 'expire' command");
            return;
        }
        expireAt(ctx, args.get(1), KeyStore.now() + seconds * 1000);
    }

    private void pexpireat(CommandContext ctx, List<byte[]> args) {
        Long when = Args.parseLong(args.get(2));
        if (when == null) {
            ctx.replyError(Args.NOT_INTEGER);
            return;
        }
        expireAt(ctx, args.get(1), when);
    }

    private void expireAt(CommandContext ctx, byte[] rawKey, long whenMs) {
        Key key = new Key(rawKey);
        if (ks().lookup(ctx.db(), key) == null) {
            ctx.replyInteger(0);
            return;
        }
        if (whenMs <= KeyStore.now()) {
            ks().delete(ctx.db(), key, false); // a time in the past deletes, as in Redis
            server.propagate(ctx.db(), List.of(Args.bytes("DEL"), rawKey));
        } else {
            ks().expireAt(ctx.db(), key, whenMs);
            server.propagate(ctx.db(), List.of(Args.bytes("PEXPIREAT"), rawKey, Args.bytes(whenMs)));
        }
        ctx.replyInteger(1);
    }

    private void ttl(CommandContext ctx, List<byte[]> args, boolean seconds) {
        long ms = ks().pttl(ctx.db(), new Key(args.get(1)));
        ctx.replyInteger(ms < 0 || !seconds ? ms : (ms + 500) / 1000);
    }

    private int dbIndex(CommandContext ctx, byte[] arg, String invalid) {
        Long n = Args.parseLong(arg);
        if (n == null) {
            ctx.replyError(invalid);
            return -1;
        }
        if (n < 0 || n >= ks().databases()) {
            ctx.replyError(Args.DB_RANGE);
            return -1;
        }
        return n.intValue();
    }

    private void select(CommandContext ctx, List<byte[]> args) {
        int db = dbIndex(ctx, args.get(1), Args.NOT_INTEGER);
        if (db >= 0) {
            server.select(ctx.clientId(), db);
            ctx.replySimple("OK");
        }
    }

    private void swapdb(CommandContext ctx, List<byte[]> args) {
        int a = dbIndex(ctx, args.get(1), "ERR invalid first DB index");
        if (a < 0) {
            return;
        }
        int b = dbIndex(ctx, args.get(2), "ERR invalid second DB index");
        if (b < 0) {
            return;
        }
        readiness.swap(a, b);
        ctx.replySimple("OK");
        server.propagate(ctx.db(), args);
    }

    private void flush(CommandContext ctx, List<byte[]> args, boolean all) {
        boolean async = false;
        if (args.size() > 2) {
            ctx.replyError(Args.SYNTAX);
            return;
        }
        if (args.size() == 2) {
            if (Args.is(args.get(1), "ASYNC")) {
                async = true;
            } else if (!Args.is(args.get(1), "SYNC")) {
                ctx.replyError(Args.SYNTAX);
                return;
            }
        }
        if (all) {
            for (int db = 0; db < ks().databases(); db++) {
                readiness.flush(db, async);
            }
        } else {
            readiness.flush(ctx.db(), async);
        }
        ctx.replySimple("OK");
        server.propagate(ctx.db(), args);
    }
}
